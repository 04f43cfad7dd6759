package nightjar.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nightjar.api.security.PasswordCheck.Outcome;
import nightjar.api.security.PasswordCheck.Result;
import nightjar.api.security.User;

class AccountPasswordCheckTest {
    private static final long SECOND = 1_000_000_000L;
    private static final String VIEWER_PASSWORD = "viewer-password-1";
    @TempDir
    Path data;
    private final AtomicLong now = new AtomicLong(1000 * SECOND);
    private Authenticator authenticator;
    private AccountPasswordCheck check;
    private String adminPassword;

    @BeforeEach
    void setUp() throws Exception {
        authenticator = new Authenticator(FirstStart.openQuietly(data), now::get);
        adminPassword = FirstStart.adminPassword(data);
        authenticator.accounts().add("porch", VIEWER_PASSWORD, Account.VIEWER, Set.of("front", "garden"));
        check = new AccountPasswordCheck(authenticator);
    }

    @Test
    void theRightPasswordIsAcceptedWithTheUsersRoleAndCameras() {
        Result viewer = check.check("porch", VIEWER_PASSWORD, "192.0.2.1");
        assertEquals(Outcome.ACCEPTED, viewer.outcome());
        User porch = viewer.user().orElseThrow();
        assertEquals(new User("porch", "viewer", Set.of("front", "garden"), true, porch.passwordStamp()), porch,
                "set by an admin, not yet changed: the caller decides what that means for it");
        Result admin = check.check("admin", adminPassword, "192.0.2.1");
        assertEquals(Outcome.ACCEPTED, admin.outcome());
        assertEquals("admin", admin.user().orElseThrow().role());
    }

    @Test
    void anUnknownNameAndAWrongPasswordAreRefusedAlike() {
        Result unknown = check.check("nobody", VIEWER_PASSWORD, "192.0.2.1");
        Result wrong = check.check("porch", "wrong-password", "192.0.2.1");
        assertEquals(Result.refused(Outcome.REFUSED), unknown);
        assertEquals(unknown, wrong, "nothing tells the two apart");
        assertEquals(Result.refused(Outcome.REFUSED), check.check("", "", "192.0.2.1"));
    }

    @Test
    void repeatedFailuresFromAnAddressAreThrottledAsAnHttpLoginIs() {
        for (int i = 0; i <= LoginThrottle.FREE_FAILURES; i++) {
            assertEquals(Outcome.REFUSED, check.check("porch", "wrong-" + i, "192.0.2.9").outcome());
        }
        Result throttled = check.check("porch", VIEWER_PASSWORD, "192.0.2.9");
        assertEquals(Outcome.THROTTLED, throttled.outcome(), "not even checked while the address waits");
        assertTrue(throttled.user().isEmpty());
        assertEquals(Outcome.ACCEPTED, check.check("porch", VIEWER_PASSWORD, "192.0.2.10").outcome(),
                "another address is not held back by that one");
        assertTrue(authenticator.login("porch", VIEWER_PASSWORD, "192.0.2.9") instanceof Authenticator.Result.Throttled,
                "one throttle: the address waits for an HTTP login too");
        now.addAndGet(2 * SECOND);
        assertEquals(Outcome.ACCEPTED, check.check("porch", VIEWER_PASSWORD, "192.0.2.9").outcome(),
                "after the wait, the right password gets in");
    }

    @Test
    void failuresForOneNameFromManyAddressesMakeEachWaitSooner() {
        // Guessing spread over addresses (each under the free failures) puts the name under attack.
        int guesses = 0;
        for (int address = 1; guesses < LoginThrottle.USER_ATTACK_FAILURES; address++) {
            for (int i = 0; i < 5; i++, guesses++) {
                check.check("porch", "wrong-" + guesses, "198.51.100." + address);
            }
        }
        assertEquals(Outcome.REFUSED, check.check("porch", "wrong", "203.0.113.7").outcome());
        assertEquals(Outcome.THROTTLED, check.check("porch", "wrong", "203.0.113.7").outcome(),
                "a new address waits after its first failure for a name under attack");
    }
}
