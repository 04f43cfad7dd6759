package nightjar.rtsp.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * A kind of event that can come in hundreds (refused logins, clients closed for not reading), logged so
 * an SD card can live with it: the first of a minute is one line, the rest of that minute are counted and
 * told in one line when the minute is over (at the next event or {@link #tick}).
 */
final class LogSummary {
    static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final String what;
    private final LongSupplier nanos;
    private final Consumer<String> out;
    // Guarded by this.
    private boolean open;
    private long windowStart;
    private int unlogged;

    /** @param what the events in the plural, for the summary: "refused RTSP logins" */
    LogSummary(String what, LongSupplier nanos, Consumer<String> out) {
        this.what = what;
        this.nanos = nanos;
        this.out = out;
    }

    void event(String line) {
        String summary;
        boolean log;
        synchronized (this) {
            long now = nanos.getAsLong();
            summary = closeIfOver(now);
            log = !open;
            if (log) {
                open = true;
                windowStart = now;
            } else {
                unlogged++;
            }
        }
        if (summary != null) {
            out.accept(summary);
        }
        if (log) {
            out.accept(line);
        }
    }

    void tick() {
        String summary;
        synchronized (this) {
            summary = closeIfOver(nanos.getAsLong());
        }
        if (summary != null) {
            out.accept(summary);
        }
    }

    private @Nullable String closeIfOver(long now) {
        if (!open || now - windowStart < WINDOW_NANOS) {
            return null;
        }
        open = false;
        int count = unlogged;
        unlogged = 0;
        return count == 0 ? null : count + " more " + what + " in the last minute";
    }
}
