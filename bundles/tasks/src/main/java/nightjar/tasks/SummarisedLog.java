package nightjar.tasks;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * One kind of event that can come in hundreds (viewers closed for not reading, refused logins), logged so an SD card
 * can live with it: the first event of a minute is one line, the rest of that minute are counted and
 * told in one line when the minute is over. At most two lines a minute, whatever the rate.
 */
public final class SummarisedLog {
    public static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final String what;
    private final LongSupplier nanos;
    private final Consumer<String> out;
    // Guarded by this.
    private boolean windowOpen;
    private long windowStart;
    private int unlogged;

    /**
     * @param what the events in the plural, for the summary line: "viewers closed for not reading"
     * @param out where a line goes (the logger in production, a list in tests)
     */
    public SummarisedLog(String what, LongSupplier nanos, Consumer<String> out) {
        this.what = what;
        this.nanos = nanos;
        this.out = out;
    }

    /** An event: logged when it is the first of its minute, else counted for the summary. */
    public void event(String line) {
        @Nullable String summary;
        boolean log;
        synchronized (this) {
            long now = nanos.getAsLong();
            summary = closeWindowIfOver(now);
            log = !windowOpen;
            if (log) {
                windowOpen = true;
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

    /** Logs the summary of a minute that is over; called now and then, so a summary is not held back. */
    public void tick() {
        @Nullable String summary;
        synchronized (this) {
            summary = closeWindowIfOver(nanos.getAsLong());
        }
        if (summary != null) {
            out.accept(summary);
        }
    }

    private @Nullable String closeWindowIfOver(long now) {
        if (!windowOpen || now - windowStart < WINDOW_NANOS) {
            return null;
        }
        windowOpen = false;
        int count = unlogged;
        unlogged = 0;
        return count == 0 ? null : count + " more " + what + " in the last minute";
    }
}
