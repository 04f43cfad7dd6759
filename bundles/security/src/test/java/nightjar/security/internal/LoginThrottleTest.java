package nightjar.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(0, throttle.waitSeconds("198.51.100.7"), "a few typos cost nothing");
        fail("admin", "198.51.100.7", 1);
        assertEquals(1, throttle.waitSeconds("198.51.100.7"));
        fail("admin", "198.51.100.7", 1);
        assertEquals(2, throttle.waitSeconds("198.51.100.7"));
        fail("admin", "198.51.100.7", 1);
        assertEquals(4, throttle.waitSeconds("198.51.100.7"));
        now.addAndGet(4 * SECOND);
        assertEquals(0, throttle.waitSeconds("198.51.100.7"), "the delay passes");
    }

    @Test
    void anAttackerHoldsBackItsOwnAddressOnlyNeverTheAdmin() {
        fail("admin", "203.0.113.66", 40);
        assertEquals(LoginThrottle.ADDRESS_MAX_SECONDS, throttle.waitSeconds("203.0.113.66"),
                "the attacker's address is held back, whatever name it tries next");
        assertEquals(0, throttle.waitSeconds("192.168.1.20"), "the homeowner's address is not");
    }

    @Test
    void guessingSpreadOverManyAddressesCostsEachAddressAMinutePerGuess() {
        // A botnet: each address stays within its free failures, but the name has many in all.
        for (int i = 0; i < LoginThrottle.USER_ATTACK_FAILURES; i++) {
            throttle.failed("admin", "203.0.113." + i);
        }
        assertEquals(0, throttle.waitSeconds("203.0.113.200"));
        throttle.failed("admin", "203.0.113.200");
        assertEquals(LoginThrottle.UNDER_ATTACK_SECONDS, throttle.waitSeconds("203.0.113.200"),
                "a failure for a name under attack holds its address back at once");
        throttle.failed("admin", "203.0.113.200");
        assertEquals(2 * LoginThrottle.UNDER_ATTACK_SECONDS, throttle.waitSeconds("203.0.113.200"), "and doubles");
        assertEquals(0, throttle.waitSeconds("192.168.1.20"), "an address that did not fail may still try");
        now.addAndGet(3601 * SECOND);
        throttle.failed("admin", "203.0.113.201");
        assertEquals(0, throttle.waitSeconds("203.0.113.201"), "failures an hour old are forgotten");
    }

    @Test
    void namesThatDoNotExistAreNotCountedAsAnAttackOnAName() {
        for (int i = 0; i < 3 * LoginThrottle.USER_ATTACK_FAILURES; i++) {
            throttle.failed(null, "203.0.113." + (i % 200));
        }
        throttle.failed(null, "198.51.100.1");
        assertEquals(0, throttle.waitSeconds("198.51.100.1"));
    }

    @Test
    void aSuccessClearsItsAddressAndOldFailuresAreForgotten() {
        fail("viewer", "192.0.2.4", LoginThrottle.FREE_FAILURES + 3);
        throttle.succeeded("192.0.2.4");
        assertEquals(0, throttle.waitSeconds("192.0.2.4"));
        fail("viewer", "192.0.2.4", LoginThrottle.FREE_FAILURES);
        now.addAndGet(2 * 3600 * SECOND);
        fail("viewer", "192.0.2.4", 1);
        assertEquals(0, throttle.waitSeconds("192.0.2.4"), "counting started afresh");
    }

    @Test
    void ipv6AddressesCountByTheirSlash64() {
        for (int i = 0; i <= LoginThrottle.FREE_FAILURES; i++) {
            throttle.failed("admin", "2001:db8:1:2::" + Integer.toHexString(i + 1));
        }
        assertEquals(1, throttle.waitSeconds("2001:db8:1:2:ffff::9"), "another address of the same /64");
        assertEquals(1, throttle.waitSeconds("[2001:db8:1:2::1%eth0]"), "in brackets, with a zone");
        assertEquals(0, throttle.waitSeconds("2001:db8:1:3::1"), "the next /64 is someone else");
        assertEquals(LoginThrottle.addressKey("192.0.2.1"), LoginThrottle.addressKey("::ffff:192.0.2.1"),
                "an IPv4-mapped address is the IPv4 address");
        assertTrue(LoginThrottle.addressKey("2001:db8:1:2::1").endsWith("/64"));
        assertEquals("not an address", LoginThrottle.addressKey("not an address"));
    }
}
