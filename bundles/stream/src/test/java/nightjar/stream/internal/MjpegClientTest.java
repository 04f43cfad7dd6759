package nightjar.stream.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import jakarta.servlet.AsyncContext;
import nightjar.api.camera.Frame;
import nightjar.api.camera.testing.FakeCamera;

class MjpegClientTest {
    private static final Pattern PART = Pattern.compile(
            "Content-Type: image/jpeg\r\nContent-Length: (\\d+)\r\nX-Timestamp: (\\d+\\.\\d{6})\r\nX-Sequence: (\\d+)\r\n\r\n");

    private final FakeServletOutput out = new FakeServletOutput();
    private final AtomicInteger completions = new AtomicInteger();
    private final AtomicInteger ends = new AtomicInteger();
    private final List<@Nullable Throwable> failures = new ArrayList<>();
    private long now = 1_000_000_000L;

    private final AsyncContext async = (AsyncContext) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {AsyncContext.class}, (proxy, method, args) -> {
                if (method.getName().equals("complete")) {
                    completions.incrementAndGet();
                }
                return null;
            });

    private final FakeCamera camera = new FakeCamera("front", FakeCamera.streaming(8, 8, 30));

    private static Frame frame(long sequence, long captureNanos) {
        byte[] jpeg = ("jpeg-" + sequence).getBytes(StandardCharsets.US_ASCII);
        return new Frame("front", sequence, captureNanos, Instant.ofEpochSecond(1_700_000_000L, 1_234_000), 8, 8, jpeg);
    }

    private final StreamTotals totals = new StreamTotals();

    private MjpegClient start(double maxFps) {
        MjpegClient client = new MjpegClient("front", null, "admin", null, "192.0.2.7", async, out, maxFps, totals, () -> now,
                (c, failure) -> {
                    ends.incrementAndGet();
                    failures.add(failure);
                });
        client.start(camera::subscribe);
        return client;
    }

    /** A viewer whose network took the first bytes of frame 1 and no more: that write waits for the test. */
    private MjpegClient startWithAWritePending() {
        MjpegClient client = start(0);
        out.acceptWrites = 1;
        camera.lastSubscriber().onFrame(frame(1, 0));
        return client;
    }

    /** The sequence numbers of the parts in the output, checking each part's layout. */
    private List<Long> parts() {
        String text = out.written.toString(StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("--" + MultipartPart.BOUNDARY + "\r\n"), text);
        List<Long> sequences = new ArrayList<>();
        Matcher m = PART.matcher(text);
        while (m.find()) {
            long sequence = Long.parseLong(m.group(3));
            String body = "jpeg-" + sequence;
            assertEquals(body.length(), Integer.parseInt(m.group(1)));
            assertEquals("1700000000.001234", m.group(2));
            assertTrue(text.startsWith(body + "\r\n--" + MultipartPart.BOUNDARY + "\r\n", m.end()), text);
            sequences.add(sequence);
        }
        return sequences;
    }

    @Test
    void writesEveryFrameAsAPartWhenTheViewerKeepsUp() {
        start(0);
        for (long i = 1; i <= 3; i++) {
            camera.lastSubscriber().onFrame(frame(i, i * 33_000_000L));
        }
        assertEquals(List.of(1L, 2L, 3L), parts());
        assertEquals(3, out.flushes, "each picture is pushed out at once");
        assertEquals(3, totals.delivered.sum());
        assertEquals(0, totals.dropped.sum());
    }

    @Test
    void aSlowViewerSkipsToTheNewestFrameAndHoldsNoBacklog() throws Exception {
        startWithAWritePending();
        for (long i = 2; i <= 100; i++) {
            camera.lastSubscriber().onFrame(frame(i, i));
        }
        out.drain();
        assertEquals(List.of(1L, 100L), parts(), "frame 1 is finished, then the newest follows");
        assertEquals(2, totals.delivered.sum());
        assertEquals(98, totals.dropped.sum(), "frames 2 to 99 were replaced while they waited");
    }

    @Test
    void capsTheFrameRatePerViewer() {
        start(15);
        for (long i = 0; i < 30; i++) {
            camera.lastSubscriber().onFrame(frame(i + 1, i * 33_333_333L)); // one second at 30 fps
        }
        assertEquals(15, parts().size());
        assertEquals(0, totals.dropped.sum(), "frames left out by the cap are not dropped frames");
    }

    @Test
    void endingFreesTheSubscriptionAndCompletesOnce() {
        MjpegClient client = start(0);
        client.end();
        client.end();
        assertEquals(1, camera.subscriptionsClosed());
        assertEquals(1, completions.get());
        assertEquals(1, ends.get());
        camera.lastSubscriber().onFrame(frame(1, 0));
        assertEquals(0, out.written.size(), "nothing is written after the end");
    }

    @Test
    void aBrokenConnectionEndsTheStream() {
        start(0);
        out.failWrites = true;
        camera.lastSubscriber().onFrame(frame(1, 0));
        assertEquals(1, camera.subscriptionsClosed());
        assertEquals(1, ends.get());
    }

    @Test
    void aFailedWriteIsLeftToTheContainerWhichIsEndingTheResponse() {
        start(0);
        out.failWrites = true;
        camera.lastSubscriber().onFrame(frame(1, 0));
        // Completing as well made Jetty log a 16-line WritePendingException per viewer.
        assertEquals(0, completions.get(), "not completed by us");
        assertEquals(1, ends.get());
        assertTrue(failures.get(0) instanceof IOException, failures.toString());
    }

    @Test
    void aViewerTimedOutByTheContainerEndsOnceWithoutCompleting() throws Exception {
        startWithAWritePending();
        TimeoutException timeout = new TimeoutException("Idle timeout expired");
        out.listener.onError(timeout);
        camera.lastSubscriber().onFrame(frame(2, 1));
        assertEquals(0, completions.get());
        assertEquals(1, ends.get());
        assertEquals(List.of(timeout), failures);
        assertEquals(1, camera.subscriptionsClosed());
    }

    @Test
    void aStreamThatSentNothingForTheIdleTimeoutIsClosed() {
        MjpegClient client = start(0);
        long timeout = TimeUnit.SECONDS.toNanos(60);
        now += timeout - 1;
        assertFalse(client.closeIfSilent(timeout));
        camera.lastSubscriber().onFrame(frame(1, 0));
        now += timeout - 1;
        assertFalse(client.closeIfSilent(timeout), "a picture went out: the idle time starts again");
        now += 1;
        assertTrue(client.closeIfSilent(timeout));
        assertEquals(1, completions.get(), "ended cleanly");
        assertEquals(1, ends.get());
        assertEquals(Arrays.asList((Throwable) null), failures);
        assertFalse(client.closeIfSilent(timeout), "once");
    }

    @Test
    void aStreamWithAWritePendingIsLeftToTheContainersIdleTimeout() {
        MjpegClient client = startWithAWritePending();
        now += TimeUnit.MINUTES.toNanos(10);
        assertFalse(client.closeIfSilent(TimeUnit.SECONDS.toNanos(60)),
                "completing under a pending write fails it noisily");
        assertEquals(0, ends.get());
    }

    @Test
    void aViewerWhoseWriteLongWaitedCountsAsStoppedReadingHoweverTheContainerEndsIt() {
        MjpegClient client = startWithAWritePending();
        now += MjpegClient.STOPPED_READING_NANOS;
        // Jetty may complete the request under the stream rather than fail the write it waits on.
        client.onComplete(null);
        assertTrue(client.stoppedReading());
        assertEquals(1, ends.get(), "ended once");
    }

    @Test
    void aViewerThatWentAwayMidWriteDidNotStopReading() {
        MjpegClient client = startWithAWritePending();
        now += MjpegClient.STOPPED_READING_NANOS - 1;
        client.onError(new IOException("Broken pipe"));
        assertFalse(client.stoppedReading(), "a closed tab while a picture was on its way");
    }

    @Test
    void aStreamEndedByThisSideWithAWriteWaitingDidNotStopReading() {
        MjpegClient client = startWithAWritePending();
        now += TimeUnit.MINUTES.toNanos(1);
        client.end(); // the bundle stopping, say
        assertFalse(client.stoppedReading());
    }

    @Test
    void aWriteThatWentThroughAfterAWaitClearsIt() throws Exception {
        MjpegClient client = startWithAWritePending();
        now += TimeUnit.SECONDS.toNanos(3);
        out.drain();
        now += TimeUnit.SECONDS.toNanos(3);
        client.onError(new IOException("Connection reset"));
        assertFalse(client.stoppedReading(), "the viewer was reading when it went");
    }

    @Test
    void aViewerWhoseWaitingWriteFailsOnTheClosedConnectionStoppedReading() throws Exception {
        MjpegClient client = startWithAWritePending();
        now += TimeUnit.SECONDS.toNanos(5);
        // Jetty's idle timeout closed the connection: the output reads as ready, and the write throws.
        out.failWrites = true;
        out.drain();
        assertTrue(client.stoppedReading());
        assertEquals(1, ends.get());
    }
}
