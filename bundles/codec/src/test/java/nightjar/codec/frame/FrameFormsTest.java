package nightjar.codec.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import com.sun.management.ThreadMXBean;

import nightjar.api.camera.Frame;
import nightjar.api.camera.FrameForm;
import nightjar.codec.jpeg.Jpeg;
import nightjar.codec.jpeg.JpegEncoder;
import nightjar.codec.jpeg.JpegException;
import nightjar.codec.jpeg.LumaThumbnail;
import nightjar.codec.jpeg.Sampling;
import nightjar.codec.jpeg.YCbCrImage;

/** A frame's decoded forms are read once, whoever asks first, and shared by every consumer. */
class FrameFormsTest {
    private static Frame frame(byte[] jpeg, int width, int height) {
        return new Frame("front", 1, 0, Instant.EPOCH, width, height, jpeg);
    }

    private static byte[] gradient(int width, int height) {
        YCbCrImage image = YCbCrImage.allocate(width, height, Sampling.YUV420);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.y()[y * width + x] = (byte) (x * 255 / width);
            }
        }
        Arrays.fill(image.cb(), (byte) 128);
        Arrays.fill(image.cr(), (byte) 128);
        return new JpegEncoder(80).encode(image);
    }

    @Test
    void theLumaThumbnailIsReadOnceAndSharedByEveryConsumer() throws JpegException {
        byte[] jpeg = gradient(64, 48);
        Frame frame = frame(jpeg, 64, 48);
        LumaThumbnail first = FrameForms.lumaThumbnail(frame);
        assertSame(first, FrameForms.lumaThumbnail(frame), "the second consumer gets the same thumbnail");
        assertEquals(8, first.width());
        assertEquals(6, first.height());
        assertArrayEquals(Jpeg.lumaThumbnail(jpeg).pixels(), first.pixels());
    }

    @Test
    void anUnreadableFrameGivesEveryConsumerTheSameErrorWithoutReadingAgain() {
        byte[] jpeg = Arrays.copyOf(gradient(64, 48), 300);
        Frame frame = frame(jpeg, 64, 48);
        JpegException first = assertThrows(JpegException.class, () -> FrameForms.lumaThumbnail(frame));
        JpegException second = assertThrows(JpegException.class, () -> FrameForms.lumaThumbnail(frame));
        assertSame(first, second);
    }

    @Test
    void aFormIsComputedOnceWhenTwoConsumersAskAtOnce() throws Exception {
        Frame frame = frame(gradient(16, 16), 16, 16);
        AtomicInteger computed = new AtomicInteger();
        CountDownLatch computing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FrameForm<Object> slow = f -> {
            computed.incrementAndGet();
            computing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Object();
        };
        AtomicReference<Object> firstValue = new AtomicReference<>();
        AtomicReference<Object> secondValue = new AtomicReference<>();
        Thread first = new Thread(() -> firstValue.set(frame.form(slow)));
        Thread second = new Thread(() -> secondValue.set(frame.form(slow)));
        first.start();
        computing.await();
        second.start();
        // The second consumer waits for the first one's computation rather than starting its own.
        while (second.getState() != Thread.State.BLOCKED) {
            Thread.onSpinWait();
        }
        release.countDown();
        first.join();
        second.join();
        assertEquals(1, computed.get());
        assertSame(firstValue.get(), secondValue.get());
        assertSame(firstValue.get(), frame.form(slow));
    }

    @Test
    void aFormThatFailsIsNotKeptAndIsComputedAgain() {
        Frame frame = frame(gradient(16, 16), 16, 16);
        AtomicInteger calls = new AtomicInteger();
        FrameForm<String> flaky = f -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("first time");
            }
            return "second time";
        };
        assertThrows(IllegalStateException.class, () -> frame.form(flaky));
        assertEquals("second time", frame.form(flaky));
        assertEquals("second time", frame.form(flaky));
        assertEquals(2, calls.get());
    }

    @Test
    void framesOfOtherSizesAndBrokenOnesInBetweenDoNotDisturbTheReadersKeptBetweenFrames() throws JpegException {
        byte[] small = gradient(64, 48);
        byte[] large = gradient(320, 240);
        byte[] broken = Arrays.copyOf(large, 400);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(Jpeg.lumaThumbnail(large).pixels(), FrameForms.lumaThumbnail(frame(large, 320, 240)).pixels());
            assertThrows(JpegException.class, () -> FrameForms.lumaThumbnail(frame(broken, 320, 240)));
            LumaThumbnail thumbnail = FrameForms.lumaThumbnail(frame(small, 64, 48));
            assertEquals(8 * 6, thumbnail.pixels().length, "a thumbnail's own pixels, not a reader's larger array");
            assertArrayEquals(Jpeg.lumaThumbnail(small).pixels(), thumbnail.pixels());
        }
    }

    @Test
    void aFramesThumbnailCostsItsPixelsNotAParser() throws JpegException {
        byte[] jpeg = gradient(640, 480);
        Frame[] frames = new Frame[60];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = frame(jpeg, 640, 480);
        }
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 10; i++) {
            FrameForms.lumaThumbnail(frames[i]);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 10; i < frames.length; i++) {
            FrameForms.lumaThumbnail(frames[i]);
        }
        long perFrame = (threads.getCurrentThreadAllocatedBytes() - before) / (frames.length - 10);
        // The thumbnail's 80x60 pixels and small change; a parser of its own per frame was about 80 KB.
        assertTrue(perFrame < 80 * 60 + 4096, perFrame + " bytes allocated per frame");
    }
}
