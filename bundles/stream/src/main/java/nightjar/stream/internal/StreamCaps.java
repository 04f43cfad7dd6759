package nightjar.stream.internal;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * How many MJPEG streams each account and each client address has open, and whether one more may
 * open: a stream holds a connection and the camera's frames for as long as the client likes, so one
 * account or one address must not be able to take them all.
 */
final class StreamCaps {
    // Guarded by this.
    private int perAccount;
    private int perAddress;
    private final Map<String, Integer> byAccount = new HashMap<>();
    private final Map<String, Integer> byAddress = new HashMap<>();

    StreamCaps(int perAccount, int perAddress) {
        limits(perAccount, perAddress);
    }

    /** New caps apply to streams opened from now on; streams already open stay. */
    synchronized void limits(int perAccount, int perAddress) {
        this.perAccount = perAccount;
        this.perAddress = perAddress;
    }

    /**
     * Counts a new stream in, or says why it may not open (and counts nothing).
     *
     * @param account the account streaming, or null where none is known (then only the address counts)
     * @return null when the stream may open, else the reason for the client
     */
    synchronized @Nullable String open(@Nullable String account, String address) {
        if (account != null && byAccount.getOrDefault(account, 0) >= perAccount) {
            return "Account '" + account + "' has " + perAccount + " streams open, the most allowed "
                    + "(maxStreamsPerAccount in nightjar.stream): close one first";
        }
        if (byAddress.getOrDefault(address, 0) >= perAddress) {
            return "Address " + address + " has " + perAddress + " streams open, the most allowed "
                    + "(maxStreamsPerAddress in nightjar.stream): close one first";
        }
        if (account != null) {
            byAccount.merge(account, 1, Integer::sum);
        }
        byAddress.merge(address, 1, Integer::sum);
        return null;
    }

    /** Counts out a stream that {@link #open} let in. */
    synchronized void close(@Nullable String account, String address) {
        if (account != null) {
            byAccount.computeIfPresent(account, (key, count) -> count > 1 ? count - 1 : null);
        }
        byAddress.computeIfPresent(address, (key, count) -> count > 1 ? count - 1 : null);
    }

    synchronized int openBy(String account) {
        return byAccount.getOrDefault(account, 0);
    }

    synchronized int openFrom(String address) {
        return byAddress.getOrDefault(address, 0);
    }
}
