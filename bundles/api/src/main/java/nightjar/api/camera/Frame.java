package nightjar.api.camera;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One JPEG picture from a camera, with the facts needed to time and order it.
 *
 * <p>Immutable and shared by every consumer. The constructor takes ownership of the JPEG array:
 * the producer must not touch it afterwards. That avoids a copy per frame per consumer. What consumers
 * decode from the JPEG (the luma thumbnail of the motion detector and the IR scene meter) is computed
 * once per frame, lazily, and kept with it: {@link #form}.
 */
public final class Frame {
    private final String cameraId;
    private final long sequence;
    private final long captureNanos;
    private final Instant wallClock;
    private final int width;
    private final int height;
    private final byte[] jpeg;
    /** Guards the computing of forms, so that each is computed once even when consumers ask at once. */
    private final Object formLock = new Object();
    /** The forms computed so far: form, value, form, value...; replaced (never changed) under formLock. */
    private volatile Object[] forms = NO_FORMS;
    private static final Object[] NO_FORMS = new Object[0];

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

    /**
     * The form of this frame's picture, computed from its JPEG the first time any consumer asks for it
     * and kept with the frame: every consumer, on any thread, gets the same value, and a consumer asking
     * while another computes it waits for that. A handful of forms exist (see {@code nightjar.codec}),
     * so a frame keeps at most that many values.
     */
    @SuppressWarnings("unchecked")
    public <T> T form(FrameForm<T> form) {
        Objects.requireNonNull(form, "form");
        Object known = lookUp(forms, form);
        if (known != null) {
            return (T) known;
        }
        synchronized (formLock) {
            Object[] current = forms;
            known = lookUp(current, form);
            if (known != null) {
                return (T) known;
            }
            T value = Objects.requireNonNull(form.compute(this), "a frame form computed null");
            Object[] grown = Arrays.copyOf(current, current.length + 2);
            grown[current.length] = form;
            grown[current.length + 1] = value;
            forms = grown;
            return value;
        }
    }

    private static @Nullable Object lookUp(Object[] forms, FrameForm<?> form) {
        for (int i = 0; i < forms.length; i += 2) {
            if (forms[i] == form) {
                return forms[i + 1];
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "Frame[" + cameraId + " #" + sequence + " " + width + "x" + height + ", " + jpeg.length + " bytes]";
    }
}
