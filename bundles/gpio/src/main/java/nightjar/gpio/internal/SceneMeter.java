package nightjar.gpio.internal;

import java.util.function.DoubleConsumer;

import nightjar.api.camera.Frame;
import nightjar.api.camera.FrameListener;
import nightjar.codec.jpeg.JpegException;
import nightjar.codec.jpeg.LumaThumbnailReader;

/**
 * The picture's mean brightness at a low rate: of a camera's frames it takes one per interval, reads
 * its DC thumbnail (one luma value per 8x8 block, no decoding) and hands the mean to the sink. Runs on
 * the camera's delivery thread; the frames in between cost a comparison. The copy buffer and the
 * thumbnail are reused, so an analysed frame allocates nothing while the picture size stays the same.
 */
final class SceneMeter implements FrameListener {
    private final long intervalNanos;
    private final DoubleConsumer sink;
    private final LumaThumbnailReader reader = new LumaThumbnailReader();
    private byte[] buffer = new byte[64 * 1024];
    private boolean begun;
    private long nextDueNanos;
    private long unreadable;

    SceneMeter(long intervalNanos, DoubleConsumer sink) {
        this.intervalNanos = intervalNanos;
        this.sink = sink;
    }

    @Override
    public synchronized void onFrame(Frame frame) {
        long nanos = frame.captureNanos();
        if (begun && nanos - nextDueNanos < 0) {
            return;
        }
        begun = true;
        nextDueNanos = nanos + intervalNanos;
        int length = frame.jpegLength();
        if (buffer.length < length) {
            buffer = new byte[length + length / 4];
        }
        frame.jpeg().get(buffer, 0, length);
        try {
            reader.read(buffer, length);
        } catch (JpegException e) {
            // Counted, not logged: a camera sending damaged frames says so in its own state.
            unreadable++;
            return;
        }
        sink.accept(mean(reader.pixels(), reader.width() * reader.height()));
    }

    /** Mean of the first {@code count} unsigned bytes. */
    static double mean(byte[] pixels, int count) {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += pixels[i] & 0xff;
        }
        return count == 0 ? 0 : (double) sum / count;
    }

    synchronized long unreadable() {
        return unreadable;
    }
}
