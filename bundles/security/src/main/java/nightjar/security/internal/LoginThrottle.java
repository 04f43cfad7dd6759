package nightjar.security.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Slows down password guessing. The brake is the client's address: an IPv4 address, or the /64
 * network of an IPv6 address (one subscriber usually has a whole /64, so stepping through its
 * addresses gains nothing). The first {@value #FREE_FAILURES} failures from an address cost
 * nothing (a mistyped password, a client with an old password); after that each failure doubles
 * the wait before that address's next attempt is even checked, up to {@value #ADDRESS_MAX_SECONDS}
 * s. A waiting address costs no password check, so it causes no Argon2 work either.
 *
 * <p>A user name is never refused: the right password from an address that is not waiting always
 * gets in, so an attacker cannot lock the admin out. Failures per existing user name are counted
 * to see guessing spread over many addresses: once a name has had {@value #USER_ATTACK_FAILURES}
 * failures within the hour, each further failure for it makes the failing address wait at least
 * {@value #UNDER_ATTACK_SECONDS} s at once (and doubles from there), so each address of a botnet
 * gets a guess a minute at most instead of ten free ones.
 *
 * <p>A success clears its address's count; failures an hour old are forgotten.
 */
final class LoginThrottle {
    static final int FREE_FAILURES = 10;
    static final long ADDRESS_MAX_SECONDS = 15 * 60;
    static final int USER_ATTACK_FAILURES = 20;
    static final long UNDER_ATTACK_SECONDS = 64;
    /** The count at which an address waits {@value #UNDER_ATTACK_SECONDS} s (1 s after the free ones, then doubling). */
    private static final int UNDER_ATTACK_COUNT = FREE_FAILURES + 1 + Long.numberOfTrailingZeros(UNDER_ATTACK_SECONDS);
    private static final long SECOND = 1_000_000_000L;
    private static final long FORGET_NANOS = 3600 * SECOND;
    private static final int MAX_ENTRIES = 10_000;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final LongSupplier nanos;
    private final Map<String, Failures> addresses = new ConcurrentHashMap<>();
    private final Map<String, Failures> users = new ConcurrentHashMap<>();

    private record Failures(int count, long lastNanos, long blockedUntilNanos) {
    }

    LoginThrottle(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** Seconds this address must wait before its next attempt is checked; 0 when it may try now. */
    long waitSeconds(String address) {
        long now = nanos.getAsLong();
        Failures entry = addresses.get(addressKey(address));
        long wait = entry == null ? 0 : entry.blockedUntilNanos() - now;
        return wait <= 0 ? 0 : Math.max(1, (wait + SECOND - 1) / SECOND);
    }

    /**
     * A wrong password from this address; {@code user} is the account's name when the account exists
     * (names that do not exist are not counted, so they cannot fill the table).
     */
    void failed(@Nullable String user, String address) {
        long now = nanos.getAsLong();
        prune(addresses, now);
        boolean underAttack = false;
        if (user != null) {
            prune(users, now);
            Failures before = users.get(user);
            underAttack = before != null && now - before.lastNanos() <= FORGET_NANOS
                    && before.count() >= USER_ATTACK_FAILURES;
            users.compute(user, (k, old) -> new Failures(counted(old, now) + 1, now, 0));
        }
        int floor = underAttack ? UNDER_ATTACK_COUNT : 0;
        addresses.compute(addressKey(address), (k, old) -> {
            int count = Math.max(counted(old, now) + 1, floor);
            long delaySeconds = count <= FREE_FAILURES ? 0
                    : Math.min(ADDRESS_MAX_SECONDS, 1L << Math.min(30, count - FREE_FAILURES - 1));
            return new Failures(count, now, now + delaySeconds * SECOND);
        });
    }

    private static int counted(@Nullable Failures old, long now) {
        return old == null || now - old.lastNanos() > FORGET_NANOS ? 0 : old.count();
    }

    void succeeded(String address) {
        addresses.remove(addressKey(address));
    }

    private static void prune(Map<String, Failures> table, long now) {
        if (table.size() > MAX_ENTRIES) {
            table.values().removeIf(f -> now - f.lastNanos() > FORGET_NANOS || f.blockedUntilNanos() - now < 0);
        }
    }

    /** The address as counted: IPv4 as it is, IPv6 by its /64 network; anything else as given. */
    static String addressKey(String address) {
        String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
                : address;
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        if (!literal.contains(":") && !IPV4.matcher(literal).matches()) {
            return address;
        }
        try {
            // A literal address: parsed, never looked up.
            byte[] bytes = InetAddress.getByName(literal).getAddress();
            if (bytes.length == 4) {
                return InetAddress.getByAddress(bytes).getHostAddress();
            }
            return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
