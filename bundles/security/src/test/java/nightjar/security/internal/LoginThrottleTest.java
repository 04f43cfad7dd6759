package nightjar.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(123 * SECOND);
    private final LoginThrottle throttle = new LoginThrottle(now::get);

    private void fail(String user, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(user, address);
        }
    }

    @Test
    void freeFailuresThenADelayThatDoublesPerFailure() {
        fail("admin", "198.51.100.7", LoginThrottle.FREE_FAILURES);
        assertEquals(0, throttle.waitSeconds("admin", "198.51.100.7"), "a few typos cost nothing");
        fail("admin", "198.51.100.7", 1);
        assertEquals(1, throttle.waitSeconds("admin", "198.51.100.7"));
        fail("admin", "198.51.100.7", 1);
        assertEquals(2, throttle.waitSeconds("admin", "198.51.100.7"));
        fail("admin", "198.51.100.7", 1);
        assertEquals(4, throttle.waitSeconds("admin", "198.51.100.7"));
        now.addAndGet(4 * SECOND);
        assertEquals(0, throttle.waitSeconds("admin", "198.51.100.7"), "the delay passes");
    }

    @Test
    void anAttackerHoldsTheAdminBackByAMinuteAtMostButItselfForAQuarterHour() {
        fail("admin", "203.0.113.66", 40);
        assertEquals(LoginThrottle.ADDRESS_MAX_SECONDS, throttle.waitSeconds("admin", "203.0.113.66"));
        assertEquals(LoginThrottle.ADDRESS_MAX_SECONDS, throttle.waitSeconds("someone", "203.0.113.66"),
                "the attacker's address is held back for any name");
        assertEquals(LoginThrottle.USER_MAX_SECONDS, throttle.waitSeconds("admin", "192.168.1.20"),
                "from the homeowner's address the admin waits at most a minute");
        now.addAndGet(LoginThrottle.USER_MAX_SECONDS * SECOND);
        assertEquals(0, throttle.waitSeconds("admin", "192.168.1.20"));
    }

    @Test
    void aSuccessClearsTheCountAndOldFailuresAreForgotten() {
        fail("viewer", "192.0.2.4", LoginThrottle.FREE_FAILURES + 3);
        throttle.succeeded("viewer", "192.0.2.4");
        assertEquals(0, throttle.waitSeconds("viewer", "192.0.2.4"));
        fail("viewer", "192.0.2.4", LoginThrottle.FREE_FAILURES);
        now.addAndGet(2 * 3600 * SECOND);
        fail("viewer", "192.0.2.4", 1);
        assertEquals(0, throttle.waitSeconds("viewer", "192.0.2.4"), "counting started afresh");
    }
}
