package nightjar.capture.v4l2.internal;

import java.nio.ByteBuffer;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An open V4L2 video capture node, as much of it as Nightjar uses. One thread at a time.
 * {@link NativeVideoDevice} is the real one; tests use fakes.
 */
interface VideoDevice extends AutoCloseable {
    int CAP_VIDEO_CAPTURE = 0x1;
    int CAP_META_CAPTURE = 0x0080_0000;
    int CAP_STREAMING = 0x0400_0000;
    int CAP_DEVICE_CAPS = 0x8000_0000;

    int MJPG = fourcc("MJPG");
    int JPEG = fourcc("JPEG");
    int YUYV = fourcc("YUYV");

    String path();

    DeviceInfo info() throws V4l2Exception;

    List<PixelFormat> formats() throws V4l2Exception;

    /** Discrete sizes; for a stepwise range, its smallest and largest and the common sizes between. */
    List<Size> frameSizes(int pixelFormat) throws V4l2Exception;

    /** Discrete frame intervals; for a stepwise range, its shortest and longest. Empty when unknown. */
    List<Fraction> frameIntervals(int pixelFormat, int width, int height) throws V4l2Exception;

    /** Sets the format; the driver may adjust the size, so the result says what it chose. */
    Negotiated setFormat(int pixelFormat, int width, int height) throws V4l2Exception;

    /** Asks for a frame interval; returns the one the driver set, or null when it cannot set any. */
    @Nullable
    Fraction setFrameInterval(Fraction interval) throws V4l2Exception;

    /** The control's description, or null when the device has no such control. */
    @Nullable
    ControlInfo queryControl(int id) throws V4l2Exception;

    void setControl(int id, int value) throws V4l2Exception;

    /** Maps {@code count} buffers, queues them all and starts streaming. */
    void startStreaming(int count) throws V4l2Exception;

    /** Waits up to the timeout for a filled buffer: its index, or -1 when none came. */
    int dequeue(int timeoutMillis) throws V4l2Exception;

    /** Bytes of picture in the buffer last dequeued. */
    int bytesUsed();

    /** The mapped memory of a buffer; valid until it is queued again. */
    ByteBuffer buffer(int index);

    void queue(int index) throws V4l2Exception;

    /** Stops streaming and releases the buffers and the device; never throws. */
    @Override
    void close();

    static int fourcc(String code) {
        return code.charAt(0) | code.charAt(1) << 8 | code.charAt(2) << 16 | code.charAt(3) << 24;
    }

    static String fourccName(int fourcc) {
        StringBuilder name = new StringBuilder(4);
        for (int shift = 0; shift < 32; shift += 8) {
            char c = (char) (fourcc >>> shift & 0xFF);
            name.append(c >= 32 && c < 127 ? c : '?');
        }
        return name.toString().trim();
    }

    record DeviceInfo(String driver, String card, String busInfo, int capabilities) {
        boolean canCapture() {
            return (capabilities & CAP_VIDEO_CAPTURE) != 0 && (capabilities & CAP_STREAMING) != 0;
        }
    }

    record PixelFormat(int fourcc, String description) {
        @Override
        public String toString() {
            return fourccName(fourcc) + " (" + description + ")";
        }
    }

    record Size(int width, int height) {
        @Override
        public String toString() {
            return width + "x" + height;
        }
    }

    /** A frame interval in seconds, numerator over denominator (1/15 is 15 frames per second). */
    record Fraction(int numerator, int denominator) {
        double fps() {
            return numerator == 0 ? 0 : (double) denominator / numerator;
        }

        @Override
        public String toString() {
            double fps = fps();
            return fps == Math.rint(fps) ? String.valueOf((int) fps) : String.format("%.2f", fps);
        }
    }

    record Negotiated(int pixelFormat, int width, int height, int bytesPerLine, int sizeImage) {
    }

    record ControlInfo(int id, String name, int type, int minimum, int maximum, int step, int defaultValue,
            int flags) {
        static final int FLAG_DISABLED = 0x1;
        static final int TYPE_MENU = 3;
    }
}
