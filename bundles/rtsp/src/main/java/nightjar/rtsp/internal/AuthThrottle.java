package nightjar.rtsp.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Slows down guessing: an address with {@value #MAX_FAILURES} failed logins within
 * {@link #WINDOW_NANOS} is refused account logins without a check until its window is over (the device
 * credential is not throttled: its secret cannot be guessed). Bounded: at most
 * {@value #MAX_ADDRESSES} addresses are remembered; past that, windows that are over are forgotten
 * and, if that is not enough, the oldest.
 */
final class AuthThrottle {
    static final int MAX_FAILURES = 10;
    static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(5);
    static final int MAX_ADDRESSES = 4096;

    private final LongSupplier nanos;
    // Guarded by this.
    private final Map<String, Window> windows = new HashMap<>();

    private static final class Window {
        final long start;
        int failures;

        Window(long start) {
            this.start = start;
        }
    }

    AuthThrottle(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** Whether the address is refused without a check now. */
    synchronized boolean refuses(String address) {
        Window window = windows.get(address);
        if (window == null) {
            return false;
        }
        if (nanos.getAsLong() - window.start >= WINDOW_NANOS) {
            windows.remove(address);
            return false;
        }
        return window.failures >= MAX_FAILURES;
    }

    /** A failed login from the address. */
    synchronized void failed(String address) {
        long now = nanos.getAsLong();
        Window window = windows.get(address);
        if (window == null || now - window.start >= WINDOW_NANOS) {
            if (windows.size() >= MAX_ADDRESSES) {
                windows.values().removeIf(w -> now - w.start >= WINDOW_NANOS);
                if (windows.size() >= MAX_ADDRESSES) {
                    String oldest = windows.entrySet().stream().min((a, b) -> Long.compare(a.getValue().start,
                            b.getValue().start)).orElseThrow().getKey();
                    windows.remove(oldest);
                }
            }
            window = new Window(now);
            windows.put(address, window);
        }
        window.failures++;
    }
}
