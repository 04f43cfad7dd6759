package nightjar.camera.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import nightjar.api.camera.Frame;
import nightjar.api.camera.Subscription;

import nightjar.api.capture.testing.RecordingSink;

class TimeCodeTest {
    @ParameterizedTest
    @CsvSource({"640, 480, 80", "320, 240, 80", "1280, 720, 80", "640, 480, 30", "320, 240, 30", "1280, 720, 30"})
    void aDecoderReadsTheCaptureSecondBackFromTheJpeg(int width, int height, int quality) {
        Instant now = Instant.now();
        for (long second : new long[] {0, 1, 0x8000, 0xAAAA, 0x5555, 0xFFFF, 0x10000, 1_796_472_000L,
                now.getEpochSecond()}) {
            Instant captured = Instant.ofEpochSecond(second, 999_000_000);
            RecordingSink sink = new RecordingSink();
            SyntheticSource source = new SyntheticSource("test-timecode", "Front", width, height, 15, quality, sink,
                    Clock.fixed(captured, ZoneOffset.UTC));
            source.produce();
            source.close();
            byte[] jpeg = sink.pictures.get(0).jpeg();
            assertEquals(second % 65536, TimeCodeReader.read(jpeg), width + "x" + height + " at " + captured);
        }
    }

    @Test
    void theCodeIsTheSecondOfTheTimeTheCameraStampsTheFrameWith() throws Exception {
        int fps = 10;
        Executor direct = Runnable::run;
        FrameHub hub = new FrameHub(direct);
        LiveCamera camera = new LiveCamera("front", "Front", 320, 240, hub, properties -> { });
        List<Frame> frames = new CopyOnWriteArrayList<>();
        Subscription subscription = camera.subscribe(frames::add);
        SyntheticSource source = new SyntheticSource("test-timecode", "Front", 320, 240, fps, 80, camera);
        source.start();
        try {
            RecordingSink.await("20 frames", () -> frames.size() >= 20);
        } finally {
            source.close();
            subscription.close();
        }
        for (Frame frame : frames) {
            byte[] jpeg = new byte[frame.jpegLength()];
            frame.jpeg().get(jpeg);
            int code = TimeCodeReader.read(jpeg);
            // Drawn just before encoding, stamped just after: the same second, or the one before when a
            // second began in between (encoding a small picture takes far less than a frame).
            Instant stamped = frame.wallClock();
            Instant frameBefore = stamped.minusNanos(1_000_000_000L / fps);
            assertTrue(code == stamped.getEpochSecond() % 65536 || code == frameBefore.getEpochSecond() % 65536,
                    frame + " stamped " + stamped + " has code " + code);
        }
    }
}
