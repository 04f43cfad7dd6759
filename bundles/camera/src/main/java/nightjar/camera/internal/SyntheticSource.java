package nightjar.camera.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.jspecify.annotations.Nullable;

import nightjar.api.camera.CameraState;
import nightjar.api.capture.FrameSink;
import nightjar.tasks.SchedulerClock;
import nightjar.tasks.TaskClock;
import nightjar.tasks.Threads;

/**
 * A test scene for machines without a camera: the {@link SyntheticScene} (a still background that a
 * figure walks across for a few seconds every half minute, the clock and a {@link TimeCode}),
 * JPEG-encoded and paced to the configured rate.
 *
 * <p>The time drawn is read from the same clock, just before drawing, that the camera stamps the
 * frame with just after encoding ({@code Instant.now()}), so the two differ by the drawing and
 * encoding time, less than a frame.
 */
final class SyntheticSource implements FrameSource {
    private final int width;
    private final int height;
    private final int fps;
    private final float quality;
    private final FrameSink sink;
    private final Clock clock;
    private final SyntheticScene scene;
    private final TaskClock timer;
    /** The timer's thread when the source made it (and stops it), null when the caller owns the timer. */
    private final @Nullable ScheduledExecutorService ownedTimer;
    private final long periodNanos;
    // Guarded by this.
    private @Nullable Instant due;
    private TaskClock.@Nullable Task next;
    private boolean closed;
    // Reused from frame to frame; only the timer thread touches them.
    private final BufferedImage canvas;
    private final ByteArrayOutputStream encoded;
    private @Nullable ImageWriter writer;
    private @Nullable ImageWriteParam writeParam;
    private long frameNumber;

    SyntheticSource(String threadName, String label, int width, int height, int fps, int quality, FrameSink sink) {
        this(threadName, label, width, height, fps, quality, sink, Clock.systemDefaultZone());
    }

    /** @param clock the capture time of each frame, drawn into it as clock text and time code */
    SyntheticSource(String threadName, String label, int width, int height, int fps, int quality, FrameSink sink,
            Clock clock) {
        this(label, width, height, fps, quality, sink, clock, Threads.scheduler(threadName));
    }

    private SyntheticSource(String label, int width, int height, int fps, int quality, FrameSink sink, Clock clock,
            ScheduledExecutorService owned) {
        this(label, width, height, fps, quality, sink, clock, new SchedulerClock(owned, clock), owned);
    }

    /** Paced by {@code timer}, which the caller owns (tests: a clock they step). */
    SyntheticSource(String label, int width, int height, int fps, int quality, FrameSink sink, Clock clock,
            TaskClock timer) {
        this(label, width, height, fps, quality, sink, clock, timer, null);
    }

    private SyntheticSource(String label, int width, int height, int fps, int quality, FrameSink sink, Clock clock,
            TaskClock timer, @Nullable ScheduledExecutorService ownedTimer) {
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.quality = quality / 100f;
        this.sink = sink;
        this.clock = clock;
        this.scene = new SyntheticScene(label, width, height, fps, clock.getZone());
        this.timer = timer;
        this.ownedTimer = ownedTimer;
        this.periodNanos = 1_000_000_000L / fps;
        this.canvas = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        this.encoded = new ByteArrayOutputStream(width * height / 4);
    }

    @Override
    public synchronized void start() {
        due = timer.now();
        next = timer.schedule(Duration.ZERO, this::tick);
    }

    /** Produces a frame and schedules the next at a fixed rate (at once when behind, as a fixed-rate timer does). */
    private void tick() {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        produce();
        synchronized (this) {
            Instant previous = due;
            if (closed || previous == null) {
                return;
            }
            Instant following = previous.plusNanos(periodNanos);
            due = following;
            next = timer.schedule(Duration.between(timer.now(), following), this::tick);
        }
    }

    /** Draws, encodes and hands over the next frame; the timer's task, called directly by tests. */
    void produce() {
        try {
            Instant captured = clock.instant();
            scene.draw(canvas, frameNumber++, captured);
            sink.frame(width, height, encode());
        } catch (IOException | RuntimeException e) {
            sink.state(CameraState.ERROR, "synthetic scene failed: " + e);
        }
    }

    private byte[] encode() throws IOException {
        ImageWriter jpegWriter = writer;
        ImageWriteParam param = writeParam;
        if (jpegWriter == null || param == null) {
            jpegWriter = ImageIO.getImageWritersByFormatName("jpeg").next();
            param = jpegWriter.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer = jpegWriter;
            writeParam = param;
        }
        encoded.reset();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(encoded)) {
            jpegWriter.setOutput(out);
            jpegWriter.write(null, new IIOImage(canvas, null, null), param);
        }
        return encoded.toByteArray();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            TaskClock.Task pending = next;
            next = null;
            if (pending != null) {
                pending.cancel();
            }
        }
        ScheduledExecutorService owned = ownedTimer;
        if (owned != null) {
            Threads.stopNow(owned, Duration.ofSeconds(2));
        }
        ImageWriter jpegWriter = writer;
        if (jpegWriter != null) {
            jpegWriter.dispose();
        }
    }
}
