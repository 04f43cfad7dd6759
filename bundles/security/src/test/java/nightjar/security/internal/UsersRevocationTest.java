package nightjar.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nightjar.api.security.User;

/** Whether what a login keeps open (a live stream) may go on: the account's password and cameras now. */
class UsersRevocationTest {
    private static final String PASSWORD = "porch-password-1";
    @TempDir
    Path data;
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private Users users;

    @BeforeEach
    void setUp() throws Exception {
        users = new Users(new Authenticator(FirstStart.openQuietly(data), now::get));
        users.add("porch", PASSWORD, Account.VIEWER, Set.of("front", "garden"));
    }

    @Test
    void aLoginHoldsUntilThePasswordIsSetAnewEvenToTheSamePassword() throws Exception {
        User atLogin = users.user("porch").orElseThrow();
        assertNull(users.revocation(atLogin, "front"));
        assertNull(users.revocation(atLogin, null));

        users.setCameras("porch", Set.of("front"));
        assertNull(users.revocation(atLogin, "front"), "other rights, the same password");

        users.resetPassword("porch", PASSWORD);
        assertEquals("the password of porch was changed", users.revocation(atLogin, "front"));
        User afterReset = users.user("porch").orElseThrow();
        assertNull(users.revocation(afterReset, "front"));

        users.changePassword("porch", PASSWORD, "porch-password-2", "192.0.2.1");
        assertEquals("the password of porch was changed", users.revocation(afterReset, null));
    }

    @Test
    void aCameraTakenAndAnAccountRemovedEndWhatTheyKeptOpen() throws Exception {
        User atLogin = users.user("porch").orElseThrow();
        users.setCameras("porch", Set.of("front"));
        assertEquals("the account porch may no longer see camera garden", users.revocation(atLogin, "garden"));
        users.remove("porch");
        assertEquals("the account porch was removed", users.revocation(atLogin, "front"));
    }

    @Test
    void thePasswordsStampOutlivesARestart() throws Exception {
        User atLogin = users.user("porch").orElseThrow();
        Users restarted = new Users(new Authenticator(FirstStart.openQuietly(data), now::get));
        assertEquals(atLogin, restarted.user("porch").orElseThrow());
        assertNull(restarted.revocation(atLogin, "garden"));
    }
}
