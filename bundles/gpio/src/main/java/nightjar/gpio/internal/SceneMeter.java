package nightjar.gpio.internal;

import java.util.function.DoubleConsumer;

import nightjar.api.camera.Frame;
import nightjar.api.camera.FrameListener;
import nightjar.codec.frame.FrameForms;
import nightjar.codec.jpeg.JpegException;
import nightjar.codec.jpeg.LumaThumbnail;

/**
 * The picture's mean brightness at a low rate: of a camera's frames it takes one per interval, reads
 * its DC thumbnail (one luma value per 8x8 block, no decoding) and hands the mean to the sink. Runs on
 * the camera's delivery thread; the frames in between cost a comparison. The thumbnail is the frame's
 * own ({@link FrameForms#lumaThumbnail}): read from its bytes once for every consumer (the motion
 * detector reads the same), never copied.
 */
final class SceneMeter implements FrameListener {
    private final long intervalNanos;
    private final DoubleConsumer sink;
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
        LumaThumbnail thumbnail;
        try {
            thumbnail = FrameForms.lumaThumbnail(frame);
        } catch (JpegException e) {
            // Counted, not logged: a camera sending damaged frames says so in its own state.
            unreadable++;
            return;
        }
        sink.accept(mean(thumbnail.pixels(), thumbnail.width() * thumbnail.height()));
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
