package nightjar.camera.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import nightjar.api.capture.testing.RecordingSink;
import nightjar.tasks.testing.ManualTaskClock;

class SyntheticSourceTest {
    @Test
    void producesDecodableJpegsOfTheConfiguredSizeThatChangeOverTime() throws Exception {
        RecordingSink sink = new RecordingSink();
        SyntheticSource source = new SyntheticSource("test-synthetic", "Test", 320, 240, 30, 75, sink);
        source.start();
        try {
            RecordingSink.await("5 frames", () -> sink.pictures.size() >= 5);
        } finally {
            source.close();
        }
        RecordingSink.Picture first = sink.pictures.get(0);
        RecordingSink.Picture fifth = sink.pictures.get(4);
        assertEquals(320, first.width());
        assertEquals(240, first.height());
        BufferedImage decoded = decode(first.jpeg());
        assertEquals(320, decoded.getWidth());
        assertEquals(240, decoded.getHeight());
        assertFalse(java.util.Arrays.equals(first.jpeg(), fifth.jpeg()), "the scene moves");
        assertTrue(sink.states.isEmpty(), "no error: " + sink.states);
    }

    @Test
    void producesAtTheConfiguredRateAndStopsProducingWhenClosed() throws Exception {
        RecordingSink sink = new RecordingSink();
        ManualTaskClock timer = new ManualTaskClock(Instant.parse("2026-12-01T10:00:00Z"));
        SyntheticSource source = new SyntheticSource("Test", 64, 48, 60, 50, sink, Clock.systemDefaultZone(), timer);
        source.start();
        timer.runDue();
        assertEquals(1, sink.pictures.size(), "the first frame at once");
        timer.advance(Duration.ofSeconds(1));
        assertEquals(61, sink.pictures.size(), "then 60 a second");
        source.close();
        int count = sink.pictures.size();
        timer.advance(Duration.ofSeconds(10));
        assertEquals(count, sink.pictures.size());
        assertEquals(0, timer.pending(), "nothing left scheduled");
    }

    private static BufferedImage decode(byte[] jpeg) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertNotNull(image, "ImageIO decodes the frame");
        return image;
    }
}
