package nightjar.motion.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import nightjar.api.camera.Frame;
import nightjar.api.camera.Subscription;

/** The tuning view as a picture source: drawn once per analysed frame for every viewer, and only while watched. */
class TuningSourceTest {
    /** The drawing thread, run by the test. */
    private final Queue<Runnable> drawer = new ArrayDeque<>();
    private final TuningSource source = new TuningSource("front", drawer::add);

    @AfterEach
    void close() {
        source.close();
    }

    private static Frame frame(long sequence) throws Exception {
        BufferedImage picture = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(picture, "jpeg", jpeg);
        return new Frame("front", sequence, sequence * 200_000_000L, Instant.ofEpochSecond(1_700_000_000L, sequence),
                64, 48, jpeg.toByteArray());
    }

    private static TuningPicture picture(Frame frame) {
        byte[] jpeg = new byte[frame.jpegLength()];
        frame.jpeg().get(jpeg);
        return new TuningPicture(jpeg, null, "detection is off");
    }

    private void runDrawer() {
        for (Runnable task = drawer.poll(); task != null; task = drawer.poll()) {
            task.run();
        }
    }

    @Test
    void nothingIsDrawnWhileNobodyWatches() throws Exception {
        assertFalse(source.watched());
        Frame frame = frame(1);
        source.publish(picture(frame), frame);
        assertTrue(drawer.isEmpty(), "no drawing handed to the thread");
    }

    @Test
    void everyViewerGetsTheNewestPictureDrawnOnceAsAFrameOfTheCamera() throws Exception {
        List<Frame> first = new ArrayList<>();
        List<Frame> second = new ArrayList<>();
        source.subscribe(first::add);
        source.subscribe(second::add);
        assertTrue(source.watched());
        for (long sequence = 1; sequence <= 3; sequence++) {
            Frame frame = frame(sequence);
            source.publish(picture(frame), frame);
        }
        assertEquals(1, drawer.size(), "one drawing task for the three pictures");
        runDrawer();
        assertEquals(1, first.size(), "the two older pictures were skipped");
        Frame drawn = first.get(0);
        assertTrue(drawn == second.get(0), "drawn once for both viewers");
        assertEquals("front", drawn.cameraId());
        assertEquals(3, drawn.sequence());
        assertEquals(600_000_000L, drawn.captureNanos(), "the camera frame's time, for the viewers' fps caps");
        byte[] jpeg = new byte[drawn.jpegLength()];
        drawn.jpeg().get(jpeg);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertNotNull(decoded);
        assertEquals(64, decoded.getWidth());
        assertEquals(48, decoded.getHeight());
    }

    @Test
    void aViewerThatLeftGetsNothingAndTheLastToLeaveStopsTheDrawing() throws Exception {
        List<Frame> received = new ArrayList<>();
        Subscription subscription = source.subscribe(received::add);
        Frame frame = frame(1);
        source.publish(picture(frame), frame);
        subscription.close();
        subscription.close();
        runDrawer();
        assertEquals(List.of(), received);
        assertFalse(source.watched());
        source.publish(picture(frame), frame);
        assertTrue(drawer.isEmpty());
    }

    @Test
    void aClosedSourceTakesNoViewers() throws Exception {
        source.close();
        List<Frame> received = new ArrayList<>();
        source.subscribe(received::add);
        assertFalse(source.watched());
    }
}
