package nightjar.recorder.internal;

import java.time.Instant;
import java.util.Arrays;

import nightjar.api.camera.Frame;
import nightjar.codec.jpeg.JpegEncoder;
import nightjar.codec.jpeg.Sampling;
import nightjar.codec.jpeg.YCbCrImage;

/** A synthetic camera for tests: a gradient with a square that moves, JPEG-encoded, on a clock the test sets. */
final class TestFrames {
    static final int WIDTH = 320;
    static final int HEIGHT = 240;
    static final Instant EPOCH = Instant.parse("2026-12-01T10:00:00Z");
    private static final long BASE_NANOS = 1_000_000_000_000L;

    private final int fps;
    private final JpegEncoder encoder = new JpegEncoder(80);
    private final YCbCrImage image = YCbCrImage.allocate(WIDTH, HEIGHT, Sampling.YUV420);
    private long sequence;

    TestFrames(int fps) {
        this.fps = fps;
        Arrays.fill(image.cb(), (byte) 128);
        Arrays.fill(image.cr(), (byte) 128);
    }

    /** The frame at {@code seconds} after {@link #EPOCH}. */
    Frame at(double seconds) {
        long nanos = Math.round(seconds * 1e9);
        int left = (int) ((seconds * 40) % (WIDTH - 40));
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                boolean square = x >= left && x < left + 40 && y >= 100 && y < 140;
                image.y()[y * WIDTH + x] = (byte) (square ? 230 : 40 + x * 120 / WIDTH + y * 40 / HEIGHT);
            }
        }
        return new Frame("front", sequence++, BASE_NANOS + nanos, EPOCH.plusNanos(nanos), WIDTH, HEIGHT,
                encoder.encode(image));
    }

    /** Frame number {@code index} at the camera's rate. */
    Frame frame(int index) {
        return at(index / (double) fps);
    }

    static Instant time(double seconds) {
        return EPOCH.plusNanos(Math.round(seconds * 1e9));
    }
}
