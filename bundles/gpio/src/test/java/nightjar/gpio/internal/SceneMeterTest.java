package nightjar.gpio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import nightjar.api.camera.Frame;
import nightjar.codec.jpeg.JpegEncoder;
import nightjar.codec.jpeg.Sampling;
import nightjar.codec.jpeg.YCbCrImage;

class SceneMeterTest {
    private static final long SECOND = 1_000_000_000L;

    static byte[] jpeg(int width, int height, int top, int bottom) {
        YCbCrImage image = YCbCrImage.allocate(width, height, Sampling.YUV420);
        Arrays.fill(image.y(), 0, width * height / 2, (byte) top);
        Arrays.fill(image.y(), width * height / 2, width * height, (byte) bottom);
        Arrays.fill(image.cb(), (byte) 128);
        Arrays.fill(image.cr(), (byte) 128);
        return new JpegEncoder(90).encode(image);
    }

    private static Frame frame(long sequence, long nanos, byte[] jpeg) {
        return new Frame("front", sequence, nanos, Instant.EPOCH, 320, 240, jpeg.clone());
    }

    @Test
    void oneFramePerIntervalIsMeasuredAsTheMeanLuma() {
        List<Double> means = new ArrayList<>();
        SceneMeter meter = new SceneMeter(2 * SECOND, means::add);
        byte[] picture = jpeg(320, 240, 40, 200);
        // Ten seconds at 15 frames per second.
        for (int i = 0; i < 150; i++) {
            meter.onFrame(frame(i, 1000 * SECOND + i * SECOND / 15, picture));
        }
        assertEquals(5, means.size(), "one picture every two seconds");
        for (double mean : means) {
            assertEquals(120, mean, 1.5, "half at 40, half at 200");
        }
    }

    @Test
    void anUnreadableFrameIsCountedAndSkipped() {
        List<Double> means = new ArrayList<>();
        SceneMeter meter = new SceneMeter(SECOND, means::add);
        meter.onFrame(frame(0, 0, new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3}));
        assertEquals(List.of(), means);
        assertEquals(1, meter.unreadable());
        meter.onFrame(frame(1, SECOND, jpeg(64, 48, 90, 90)));
        assertEquals(1, means.size());
        assertEquals(90, means.get(0), 1.5);
    }
}
