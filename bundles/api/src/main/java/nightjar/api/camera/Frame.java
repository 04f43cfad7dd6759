package nightjar.api.camera;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;

/**
 * One JPEG picture from a camera, with the facts needed to time and order it.
 *
 * <p>Immutable and shared by every consumer. The constructor takes ownership of the JPEG array:
 * the producer must not touch it afterwards. That avoids a copy per frame per consumer.
 */
public final class Frame {
    private final String cameraId;
    private final long sequence;
    private final long captureNanos;
    private final Instant wallClock;
    private final int width;
    private final int height;
    private final byte[] jpeg;

    /**
     * @param cameraId the id of the camera that made the picture
     * @param sequence increasing number of the frame within its camera
     * @param captureNanos monotonic capture time ({@link System#nanoTime()} scale)
     * @param wallClock wall-clock capture time
     * @param width picture width in pixels
     * @param height picture height in pixels
     * @param jpeg the encoded picture; owned by the frame from now on
     */
    public Frame(String cameraId, long sequence, long captureNanos, Instant wallClock, int width, int height,
            byte[] jpeg) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive, was " + width + "x" + height);
        }
        this.cameraId = Objects.requireNonNull(cameraId, "cameraId");
        this.sequence = sequence;
        this.captureNanos = captureNanos;
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
        this.width = width;
        this.height = height;
        this.jpeg = Objects.requireNonNull(jpeg, "jpeg");
    }

    public String cameraId() {
        return cameraId;
    }

    public long sequence() {
        return sequence;
    }

    public long captureNanos() {
        return captureNanos;
    }

    public Instant wallClock() {
        return wallClock;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** A read-only view of the JPEG bytes, positioned at the start. */
    public ByteBuffer jpeg() {
        return ByteBuffer.wrap(jpeg).asReadOnlyBuffer();
    }

    public int jpegLength() {
        return jpeg.length;
    }

    @Override
    public String toString() {
        return "Frame[" + cameraId + " #" + sequence + " " + width + "x" + height + ", " + jpeg.length + " bytes]";
    }
}
