package nightjar.camera.internal;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.capture.FrameSink;

/**
 * Checks every frame of a stream source before it changes anything ({@link JpegSize}, {@link SizeFilter}):
 * a damaged one is counted and dropped, never passed to viewers or taken for a new picture size. The
 * first damaged frame gets a log line; later ones are summed up at most once a minute. Used by the
 * source's reading thread only.
 */
final class FrameCheck {
    private static final Logger LOG = LoggerFactory.getLogger(FrameCheck.class);
    private static final long DAMAGE_REPORT_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** What became of a frame. */
    enum Verdict {
        /** Not a whole JPEG. */
        DAMAGED,
        /** A whole JPEG, held back while its size is not yet the stream's ({@link SizeFilter}). */
        HELD,
        /** Passed to the sink. */
        DELIVERED
    }

    private final String source;
    private final FrameSink sink;
    private final SourceClock clock;
    private final SizeFilter sizes = new SizeFilter();
    private volatile long invalidFrames;
    private volatile boolean delivered;
    private long reportedDamage;
    private long damageReportNanos;

    /** @param source what the frames come from, for the log */
    FrameCheck(String source, FrameSink sink, SourceClock clock) {
        this.source = source;
        this.sink = sink;
        this.clock = clock;
    }

    Verdict offer(byte[] jpeg) {
        int[] size;
        try {
            size = JpegSize.of(jpeg);
        } catch (IOException damaged) {
            // One bad picture is the camera's (or the network's) hiccup, not a reason to drop the stream.
            invalidFrames++;
            reportDamage(damaged.getMessage());
            return Verdict.DAMAGED;
        }
        long oneOffs = sizes.damaged();
        boolean accepted = sizes.accept(size[0], size[1]);
        if (sizes.damaged() != oneOffs) {
            reportDamage(sizes.lastDamage());
        }
        if (!accepted) {
            return Verdict.HELD;
        }
        sink.frame(size[0], size[1], jpeg);
        delivered = true;
        return Verdict.DELIVERED;
    }

    /** Counts a frame the source dropped before it was a JPEG to check (too large, cut off). */
    void damaged(String why) {
        invalidFrames++;
        reportDamage(why);
    }

    /** Frames dropped as damaged over the source's life: not whole JPEGs, impossible or one-off sizes. */
    long damagedFrames() {
        return invalidFrames + sizes.damaged();
    }

    /** Whether a frame was delivered since the last call. */
    boolean deliveredSinceAsked() {
        boolean was = delivered;
        delivered = false;
        return was;
    }

    private void reportDamage(String latest) {
        long damaged = damagedFrames();
        long now = clock.nanoTime();
        if (reportedDamage == 0) {
            LOG.warn("Dropping damaged frames from {}: {}", source, latest);
        } else if (now - damageReportNanos >= DAMAGE_REPORT_NANOS) {
            LOG.warn("Dropped {} more damaged frames from {} ({} in all); the latest: {}", damaged - reportedDamage,
                    source, damaged, latest);
        } else {
            return;
        }
        reportedDamage = damaged;
        damageReportNanos = now;
    }
}
