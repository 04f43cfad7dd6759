package nightjar.security.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows down password guessing, per user name and per client address. The first
 * {@value #FREE_FAILURES} failures cost nothing (a mistyped password, a client with an old
 * password); after that each failure doubles the wait before the next attempt is even checked, up
 * to {@value #USER_MAX_SECONDS} s per user and {@value #ADDRESS_MAX_SECONDS} s per address. The
 * short cap per user means that an attacker failing on purpose can hold the admin back by at most a
 * minute from another address, never lock it out for good; the long cap per address stops the
 * attacker itself. A success clears both counters, and failures an hour old are forgotten.
 */
final class LoginThrottle {
    static final int FREE_FAILURES = 10;
    static final long USER_MAX_SECONDS = 60;
    static final long ADDRESS_MAX_SECONDS = 15 * 60;
    private static final long FORGET_NANOS = 3_600_000_000_000L;
    private static final int MAX_ENTRIES = 10_000;

    private final LongSupplier nanos;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    private record Failures(int count, long lastNanos, long blockedUntilNanos) {
    }

    LoginThrottle(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** Seconds to wait before this user may try from this address; 0 when it may try now. */
    long waitSeconds(String user, String address) {
        long now = nanos.getAsLong();
        long wait = Math.max(remaining(userKey(user), now), remaining(addressKey(address), now));
        return wait <= 0 ? 0 : Math.max(1, (wait + 999_999_999) / 1_000_000_000);
    }

    private long remaining(String key, long now) {
        Failures entry = failures.get(key);
        return entry == null ? 0 : entry.blockedUntilNanos() - now;
    }

    void failed(String user, String address) {
        long now = nanos.getAsLong();
        if (failures.size() > MAX_ENTRIES) {
            failures.values().removeIf(f -> now - f.lastNanos() > FORGET_NANOS || f.blockedUntilNanos() - now < 0);
        }
        count(userKey(user), now, USER_MAX_SECONDS);
        count(addressKey(address), now, ADDRESS_MAX_SECONDS);
    }

    private void count(String key, long now, long maxSeconds) {
        failures.compute(key, (k, old) -> {
            int count = old == null || now - old.lastNanos() > FORGET_NANOS ? 1 : old.count() + 1;
            long delaySeconds = count <= FREE_FAILURES ? 0
                    : Math.min(maxSeconds, 1L << Math.min(30, count - FREE_FAILURES - 1));
            return new Failures(count, now, now + delaySeconds * 1_000_000_000);
        });
    }

    void succeeded(String user, String address) {
        failures.remove(userKey(user));
        failures.remove(addressKey(address));
    }

    private static String userKey(String user) {
        return "user:" + user;
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
