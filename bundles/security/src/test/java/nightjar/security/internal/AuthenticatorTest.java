package nightjar.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import nightjar.api.security.UserDirectory.PasswordChange;

class AuthenticatorTest {
    @TempDir
    Path data;
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(1000 * SECOND);
    private Authenticator authenticator;
    private String password;

    @BeforeEach
    void setUp() throws Exception {
        authenticator = new Authenticator(FirstStart.openQuietly(data), now::get);
        password = FirstStart.adminPassword(data);
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private Authenticator.Result check(String header) {
        return authenticator.check(header, "192.0.2.1");
    }

    @Test
    void acceptsOnlyWellFormedValidBasicCredentials() {
        Authenticator.Result ok = check(basic("admin:" + password));
        assertEquals("admin", assertInstanceOf(Authenticator.Result.Authenticated.class, ok).account().name());
        assertInstanceOf(Authenticator.Result.Authenticated.class, check("basic  " + basic("admin:" + password).substring(6)));
        assertInstanceOf(Authenticator.Result.Rejected.class, authenticator.check(null, "192.0.2.1"));
        assertInstanceOf(Authenticator.Result.Rejected.class, check(basic("admin:wrong")));
        assertInstanceOf(Authenticator.Result.Rejected.class, check(basic("admin")));
        assertInstanceOf(Authenticator.Result.Rejected.class, check(basic(":" + password)));
        assertInstanceOf(Authenticator.Result.Rejected.class, check("Basic %%%not-base64"));
        assertInstanceOf(Authenticator.Result.Rejected.class, check("Bearer abc"));
    }

    @Test
    void manyWrongPasswordsAreThrottledEvenWithTheRightOneAfterwards() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertInstanceOf(Authenticator.Result.Rejected.class, authenticator.check(basic("admin:wrong" + i), "192.0.2.9"));
        }
        assertInstanceOf(Authenticator.Result.Rejected.class, authenticator.check(basic("admin:wrong"), "192.0.2.9"));
        Authenticator.Result throttled = authenticator.check(basic("admin:" + password), "192.0.2.9");
        assertInstanceOf(Authenticator.Result.Throttled.class, throttled, "not even checked while throttled");
    }

    @Test
    void guessingFromOtherAddressesNeverKeepsTheRightPasswordOut() {
        // Sustained guessing for admin from three addresses, until each is held back and the name is under attack.
        for (String attacker : new String[] {"203.0.113.2", "203.0.113.3", "203.0.113.4"}) {
            int guesses = 0;
            while (authenticator.check(basic("admin:guess" + guesses), attacker) instanceof Authenticator.Result.Rejected) {
                guesses++;
                assertTrue(guesses <= LoginThrottle.FREE_FAILURES + 1, "held back after its free failures");
            }
            assertTrue(guesses >= 1);
            assertInstanceOf(Authenticator.Result.Throttled.class, authenticator.check(basic("admin:guess"), attacker));
        }
        Authenticator.Result admin = authenticator.check(basic("admin:" + password), "192.168.1.20");
        assertEquals("admin", assertInstanceOf(Authenticator.Result.Authenticated.class, admin).account().name(),
                "the admin gets in at once from its own address");
        now.addAndGet(5 * SECOND);
        assertInstanceOf(Authenticator.Result.Authenticated.class,
                authenticator.login("admin", password, "2001:db8::20"), "and from any other address that did not guess");
        assertInstanceOf(Authenticator.Result.Throttled.class, authenticator.check(basic("admin:" + password), "203.0.113.3"),
                "a guessing address is not even checked, the right password included");
    }

    @Test
    void aLoginEndsTheSessionTheBrowserHadAndKeepsOthers() {
        SessionStore.Session phone = authenticator.sessions().create("admin", 0);
        SessionStore.Session before = authenticator.sessions().create("admin", 0);
        SessionStore.Session after = authenticator.startSession(before.id(), authenticator.accounts().find("admin").orElseThrow());
        assertNotEquals(before.id(), after.id());
        assertTrue(authenticator.sessions().find(before.id()).isEmpty(), "the old id is over");
        assertTrue(authenticator.sessions().find(after.id()).isPresent());
        assertTrue(authenticator.sessions().find(phone.id()).isPresent(), "another browser's session stays");
    }

    @Test
    void aSessionOfAPasswordSetAnewSinceItsLoginIsOverEvenIfTheResetCameFirst() throws Exception {
        Users users = new Users(authenticator);
        Account atLogin = authenticator.accounts().find("admin").orElseThrow();
        SessionStore.Session before = authenticator.startSession(null, atLogin);
        assertInstanceOf(Authenticator.Result.Authenticated.class, authenticator.check(withSession(before)));
        assertInstanceOf(Authenticator.Result.Authenticated.class, check(basic("admin:" + password)), "now remembered");
        // An admin's reset lands while a login with the old password is being checked: the reset ends the
        // sessions there are, and the login's session is made just after.
        users.resetPassword("admin", "a-new-password-12");
        SessionStore.Session raced = authenticator.startSession(null, atLogin);

        assertInstanceOf(Authenticator.Result.Rejected.class, authenticator.check(withSession(before)));
        assertInstanceOf(Authenticator.Result.Rejected.class, authenticator.check(withSession(raced)));
        assertTrue(authenticator.sessions().find(raced.id()).isEmpty(), "and it is ended");
        SessionStore.Session after = authenticator.startSession(null, authenticator.accounts().find("admin").orElseThrow());
        assertInstanceOf(Authenticator.Result.Authenticated.class, authenticator.check(withSession(after)));
        assertInstanceOf(Authenticator.Result.Rejected.class, check(basic("admin:" + password)),
                "nor does the old password log in over Basic, remembered or not");
    }

    /** A request with this session's cookie and no Authorization header. */
    private static HttpServletRequest withSession(SessionStore.Session session) {
        return (HttpServletRequest) Proxy.newProxyInstance(AuthenticatorTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getCookies" -> new Cookie[] {
                            new Cookie(Authenticator.COOKIE, session.id())};
                    case "getRemoteAddr" -> "192.0.2.1";
                    default -> null;
                });
    }

    /** Uses the session every {@code everyMinutes} for {@code minutes}; whether it is still valid then. */
    private boolean usedFor(SessionStore.Session session, long minutes, long everyMinutes) {
        for (long used = 0; used < minutes; used += everyMinutes) {
            now.addAndGet(Math.min(everyMinutes, minutes - used) * 60 * SECOND);
            if (authenticator.sessions().find(session.id()).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void sessionTimeoutsOutOfRangeAreNotAppliedNorOverflowedAndNeverStopTheComponent() {
        authenticator.modified(config(30, 100_000_000)); // 1e8 hours overflowed and ended every session at once
        assertTrue(usedFor(authenticator.sessions().create("admin", 0), 12 * 60 - 1, 20), "the 12 hours in force");
        assertFalse(usedFor(authenticator.sessions().create("admin", 0), 12 * 60 + 1, 20), "and not more");
        authenticator.modified(config(Integer.MAX_VALUE, 12));
        assertFalse(usedFor(authenticator.sessions().create("admin", 0), 31, 31), "the 30 idle minutes in force");
        authenticator.modified(config(30, 0));
        assertTrue(usedFor(authenticator.sessions().create("admin", 0), 11 * 60, 20), "0 hours is not applied either");

        authenticator.modified(config(Authenticator.MAX_IDLE_MINUTES, Authenticator.MAX_SESSION_HOURS));
        SessionStore.Session session = authenticator.sessions().create("admin", 0);
        assertTrue(usedFor(session, Authenticator.MAX_SESSION_HOURS * 60L - 1, 23 * 60), "720 hours are 720 hours");
        assertFalse(usedFor(session, 2, 1));
    }

    @Test
    void guessingTheCurrentPasswordOfAPasswordChangeIsThrottledLikeALogin() throws Exception {
        Users users = new Users(authenticator);
        // Someone with a stolen session tries current passwords through POST /api/me/password.
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertEquals(PasswordChange.WRONG_PASSWORD, users.changePassword("admin", "guess-" + i, "new-password-12",
                    "192.0.2.66"));
        }
        assertEquals(PasswordChange.WRONG_PASSWORD, users.changePassword("admin", "guess", "new-password-12", "192.0.2.66"));
        assertEquals(PasswordChange.THROTTLED, users.changePassword("admin", password, "new-password-12", "192.0.2.66"),
                "the address is held back, the right password not even checked");
        assertEquals(PasswordChange.CHANGED, users.changePassword("admin", password, "new-password-12", "192.0.2.1"),
                "the admin elsewhere is not");
    }

    @Test
    void aShortMetricsTokenOpensNothingAndStopsNothing() {
        String token = "prometheus-reads-this-0123";
        authenticator.modified(config(30, 12, token));
        assertTrue(authenticator.metricsToken("Bearer " + token));
        authenticator.modified(config(30, 12, "short"));
        assertFalse(authenticator.metricsToken("Bearer short"));
        assertFalse(authenticator.metricsToken("Bearer " + token), "the token before is not kept either");
        assertInstanceOf(Authenticator.Result.Authenticated.class, check(basic("admin:" + password)), "logins go on");
    }

    private static HttpsComponent.Config config(int idleMinutes, int maxHours) {
        return config(idleMinutes, maxHours, "");
    }

    static HttpsComponent.Config config(int idleMinutes, int maxHours, String metricsToken) {
        return (HttpsComponent.Config) Proxy.newProxyInstance(HttpsComponent.Config.class.getClassLoader(),
                new Class<?>[] {HttpsComponent.Config.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "sessionIdleMinutes" -> idleMinutes;
                    case "sessionMaxHours" -> maxHours;
                    case "metricsToken" -> metricsToken;
                    default -> method.getDefaultValue();
                });
    }
}
