package nightjar.motion.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.camera.Frame;
import nightjar.api.camera.FrameListener;
import nightjar.api.camera.Subscription;
import nightjar.api.stream.PictureSource;
import nightjar.tasks.Threads;

/**
 * The tuning view, {@code /cameras/<id>/motion.mjpg}: the camera as the detector sees it, for
 * administrators tuning sensitivity, area and zones, offered as a {@link PictureSource} that the stream
 * bundle serves like the camera's own stream. The detector hands over what it saw in each analysed
 * frame only while someone watches; one thread of the detector's own draws the newest (a picture still
 * waiting when a newer one comes is skipped) once for every viewer, never on the camera's thread.
 */
final class TuningSource implements PictureSource {
    /** The picture's name: the last part of its URL. */
    static final String NAME = "motion";
    private static final Logger LOG = LoggerFactory.getLogger(TuningSource.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final String cameraId;
    private final Executor drawer;
    private final @Nullable ExecutorService owned;
    private final Set<Viewer> viewers = ConcurrentHashMap.newKeySet();
    private final AtomicReference<@Nullable Seen> waiting = new AtomicReference<>();
    private final AtomicBoolean drawing = new AtomicBoolean();
    private volatile boolean closed;
    /** Used on the drawing thread only. */
    private @Nullable ImageWriter writer;

    /** What the detector saw, and the frame it saw it in. */
    private record Seen(TuningPicture picture, Frame frame) {
    }

    /** One subscription: the same listener may subscribe twice. */
    private record Viewer(FrameListener listener) {
        @Override
        public boolean equals(@Nullable Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /** Draws on a thread of its own, {@code nightjar-motion-<camera>}, stopped by {@link #close}. */
    TuningSource(String cameraId) {
        this(cameraId, Threads.scheduler("nightjar-motion-" + cameraId));
    }

    private TuningSource(String cameraId, ExecutorService owned) {
        this.cameraId = cameraId;
        this.drawer = owned;
        this.owned = owned;
    }

    /** Draws on the given executor, which the caller owns (tests: the test's thread). */
    TuningSource(String cameraId, Executor drawer) {
        this.cameraId = cameraId;
        this.drawer = drawer;
        this.owned = null;
    }

    /** Whether anyone watches: only then is it worth copying the findings. */
    boolean watched() {
        return !closed && !viewers.isEmpty();
    }

    @Override
    public Subscription subscribe(FrameListener listener) {
        Viewer viewer = new Viewer(listener);
        if (!closed) {
            viewers.add(viewer);
        }
        return () -> viewers.remove(viewer);
    }

    /** What the detector saw in {@code frame}; drawn later on the drawing thread, or skipped for a newer one. */
    void publish(TuningPicture picture, Frame frame) {
        if (!watched()) {
            return;
        }
        waiting.set(new Seen(picture, frame));
        if (drawing.compareAndSet(false, true)) {
            try {
                drawer.execute(this::draw);
            } catch (RejectedExecutionException closing) {
                drawing.set(false);
            }
        }
    }

    /** On the drawing thread: draws what is waiting until nothing is. */
    private void draw() {
        do {
            for (Seen next = waiting.getAndSet(null); next != null; next = waiting.getAndSet(null)) {
                if (watched()) {
                    offer(next);
                }
            }
            drawing.set(false);
            // A picture published after the last look, while this was still marked as drawing, is drawn too.
        } while (waiting.get() != null && drawing.compareAndSet(false, true));
    }

    private void offer(Seen seen) {
        byte[] jpeg;
        try {
            jpeg = seen.picture().render(writer());
        } catch (IOException | RuntimeException e) {
            LOG.debug("Motion view of camera {}: frame skipped: {}", cameraId, e.getMessage());
            return;
        }
        Frame frame = seen.frame();
        Frame drawn = new Frame(cameraId, frame.sequence(), frame.captureNanos(), frame.wallClock(), frame.width(),
                frame.height(), jpeg);
        for (Viewer viewer : viewers) {
            try {
                viewer.listener().onFrame(drawn);
            } catch (RuntimeException e) {
                // One viewer's failure is its own: the others still get the picture.
                LOG.debug("Motion view of camera {}: a viewer failed: {}", cameraId, e.toString());
            }
        }
    }

    private ImageWriter writer() {
        ImageWriter current = writer;
        if (current == null) {
            current = ImageIO.getImageWritersByFormatName("jpeg").next();
            writer = current;
        }
        return current;
    }

    /** Stops drawing and forgets the viewers (their streams are ended by whoever serves them). */
    void close() {
        closed = true;
        viewers.clear();
        waiting.set(null);
        ExecutorService executor = owned;
        if (executor != null && !Threads.stop(executor, STOP_GRACE)) {
            LOG.warn("Motion view of camera {}: the drawing thread did not stop within {} s", cameraId,
                    STOP_GRACE.toSeconds());
            return;
        }
        ImageWriter current = writer;
        writer = null;
        if (current != null) {
            current.dispose();
        }
    }
}
