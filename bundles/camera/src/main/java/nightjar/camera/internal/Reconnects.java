package nightjar.camera.internal;

import java.io.IOException;
import java.net.UnknownHostException;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.camera.CameraState;
import nightjar.api.capture.FrameSink;

/**
 * A stream source's life: one attempt after another until it is closed, with pauses that double from
 * {@value #FIRST_BACKOFF_MILLIS} ms to {@value #MAX_BACKOFF_MILLIS} ms, from the first pause again after
 * an attempt that delivered pictures.
 *
 * <p>The camera is STARTING only until the first attempt ends; while the stream is down it stays in
 * ERROR through every retry (its message changes only when the reason does), and the log sums the
 * attempts up at growing intervals instead of a line per retry.
 */
final class Reconnects {
    static final long FIRST_BACKOFF_MILLIS = 1_000;
    static final long MAX_BACKOFF_MILLIS = 30_000;
    private static final Logger LOG = LoggerFactory.getLogger(Reconnects.class);

    /** An attempt that ended for a reason of its own, which the message says as it is (not "failed: …"). */
    static final class Ended extends IOException {
        private static final long serialVersionUID = 1L;

        Ended(String reason) {
            super(reason);
        }
    }

    /** One attempt: returns when the stream ends, throws with the reason when it fails. */
    interface Attempt {
        void run() throws IOException;
    }

    private final String source;
    private final String retrying;
    private final FrameSink sink;
    private final FrameCheck check;
    private final SourceClock clock;

    /**
     * @param source what is attempted, for the camera's message and the log ("remote stream https://…")
     * @param retrying what the message says is done next ("reconnecting")
     */
    Reconnects(String source, String retrying, FrameSink sink, FrameCheck check, SourceClock clock) {
        this.source = source;
        this.retrying = retrying;
        this.sink = sink;
        this.check = check;
        this.clock = clock;
    }

    /** Runs attempts until {@code closed} says so or the thread is interrupted. */
    void run(String starting, Attempt attempt, BooleanSupplier closed) {
        long backoff = FIRST_BACKOFF_MILLIS;
        int failures = 0;
        sink.state(CameraState.STARTING, starting);
        while (!closed.getAsBoolean()) {
            String reason;
            try {
                attempt.run();
                reason = "ended";
            } catch (Ended e) {
                reason = e.getMessage();
            } catch (IOException | RuntimeException e) {
                reason = "failed: " + describe(e);
            }
            if (closed.getAsBoolean()) {
                return;
            }
            if (check.deliveredSinceAsked()) {
                backoff = FIRST_BACKOFF_MILLIS;
                failures = 0;
            }
            failures++;
            sink.state(CameraState.ERROR, source + " " + reason + "; " + retrying);
            if (summaryDue(failures)) {
                LOG.warn("{} still down after {} attempts, the last of which {}; next attempt in {} s", source, failures,
                        reason, backoff / 1000);
            }
            try {
                clock.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        }
    }

    /** An attempt's failure as the camera's message says it. */
    static String describe(Exception e) {
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Attempts in a row after which the log sums up: 4, 8, 16, ... 128, then every 128 (about an hour at 30 s). */
    static boolean summaryDue(int failures) {
        return failures >= 4 && (failures % 128 == 0 || failures < 128 && Integer.bitCount(failures) == 1);
    }
}
