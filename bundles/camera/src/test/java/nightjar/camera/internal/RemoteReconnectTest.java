package nightjar.camera.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import nightjar.api.camera.CameraState;
import nightjar.api.event.EventProperties;

import nightjar.api.capture.testing.RecordingSink;

/**
 * How the remote source retries, against a server on loopback that answers each connection as the
 * test scripts it, with a clock the test drives: no test waits for real backoff or silence.
 */
class RemoteReconnectTest {
    private static final byte[] JPEG = TestJpegs.make(40, 30, Color.GREEN);

    /** The source's time and pauses: a pause is recorded and returns at once, while the test allows. */
    static final class FakeClock implements SourceClock {
        final List<Long> sleeps = new CopyOnWriteArrayList<>();
        private final AtomicLong nanos = new AtomicLong(TimeUnit.HOURS.toNanos(1));
        private final Semaphore allowed;

        FakeClock(int sleepsAllowed) {
            allowed = new Semaphore(sleepsAllowed);
        }

        @Override
        public long nanoTime() {
            return nanos.get();
        }

        @Override
        public void sleep(long millis) throws InterruptedException {
            sleeps.add(millis);
            allowed.acquire();
            advance(millis);
        }

        void advance(long millis) {
            nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
        }
    }

    interface Answer {
        void write(Socket socket) throws IOException;
    }

    private final ExecutorService serverThreads = Executors.newCachedThreadPool();
    private ServerSocket server;
    private RemoteMjpegSource source;

    @AfterEach
    void stop() throws IOException {
        if (source != null) {
            source.close();
        }
        if (server != null) {
            server.close();
        }
        serverThreads.shutdownNow();
    }

    /** Serves the n-th connection with {@code answers.get(n)}, and later ones with the last answer. */
    private URI serve(List<Answer> answers) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AtomicInteger connections = new AtomicInteger();
        serverThreads.execute(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Answer answer = answers.get(Math.min(connections.getAndIncrement(), answers.size() - 1));
                    serverThreads.execute(() -> {
                        try (socket) {
                            socket.getInputStream().read(new byte[8192]); // the request
                            answer.write(socket);
                        } catch (IOException e) {
                            // The client went away.
                        }
                    });
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/stream");
    }

    private static final Answer UNAVAILABLE = socket -> socket.getOutputStream().write(
            "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));

    private static void headers(OutputStream out) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: multipart/x-mixed-replace;boundary=frame\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    }

    private static void frame(OutputStream out) throws IOException {
        out.write(("--frame\r\nContent-Type: image/jpeg\r\nContent-Length: " + JPEG.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(JPEG);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Keeps the connection open, silent, until the client closes it. */
    private static void silence(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        while (in.read() >= 0) {
            // Nothing to answer.
        }
    }

    @Test
    void theBackoffStartsAgainAfterAConnectionThatDeliveredPictures() throws Exception {
        Answer picturesThenBroken = socket -> {
            OutputStream out = socket.getOutputStream();
            headers(out);
            frame(out);
            frame(out);
            // A network glitch: the connection breaks inside a part.
            out.write("--frame\r\nContent-Type: image/jpeg\r\nContent-Length: 5000\r\n\r\nabc"
                    .getBytes(StandardCharsets.US_ASCII));
        };
        URI uri = serve(List.of(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE,
                picturesThenBroken, UNAVAILABLE));
        FakeClock clock = new FakeClock(8);
        RecordingSink sink = new RecordingSink();
        source = new RemoteMjpegSource("test-backoff", uri, "", "", null, sink, clock);
        source.start();
        RecordingSink.await("nine pauses", () -> clock.sleeps.size() >= 9);
        assertEquals(List.of(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L, 1_000L, 2_000L, 4_000L), clock.sleeps,
                "the long outage grew the pause to 30 s; the pictures after it reset it");
        assertEquals(2, sink.pictures.size());
    }

    @Test
    void aStreamSilentForFiveSecondsAfterItsHeadersOrItsLastPictureIsReconnected() throws Exception {
        Answer headersOnly = socket -> {
            headers(socket.getOutputStream());
            socket.getOutputStream().flush();
            silence(socket);
        };
        Answer onePicture = socket -> {
            headers(socket.getOutputStream());
            frame(socket.getOutputStream());
            silence(socket);
        };
        URI uri = serve(List.of(headersOnly, onePicture, UNAVAILABLE));
        FakeClock clock = new FakeClock(1);
        RecordingSink sink = new RecordingSink();
        source = new RemoteMjpegSource("test-silence", uri, "", "", null, sink, clock);
        source.start();

        RecordingSink.await("the headers", source::receiving);
        clock.advance(RemoteMjpegSource.SILENCE_MILLIS - 1);
        assertFalse(source.checkSilence(), "not yet silent for 5 s");
        clock.advance(1);
        source.checkSilence();
        RecordingSink.await("an error", () -> sink.states.stream().anyMatch(s -> s.state() == CameraState.ERROR));
        assertEquals(List.of(new RecordingSink.State(CameraState.STARTING, "connecting to " + uri),
                new RecordingSink.State(CameraState.ERROR, "remote stream " + uri + " sent no picture for 5 s; reconnecting")),
                sink.states, "never STREAMING without a picture");

        RecordingSink.await("a picture", () -> sink.pictures.size() == 1 && source.receiving());
        clock.advance(RemoteMjpegSource.SILENCE_MILLIS - 1);
        assertFalse(source.checkSilence(), "a picture restarts the count");
        clock.advance(1);
        source.checkSilence();
        RecordingSink.await("the second silence", () -> clock.sleeps.size() == 2);
    }

    @Test
    void aDeadCameraIsOneErrorAndAFewSummaryLinesHoweverOftenItIsRetried() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        URI uri = URI.create("http://127.0.0.1:" + closedPort + "/stream");
        List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
        ExecutorService delivery = Executors.newSingleThreadExecutor();
        LiveCamera camera = new LiveCamera("dead", "dead", 640, 480, new FrameHub(delivery), events::add);
        FakeClock clock = new FakeClock(40);
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            source = new RemoteMjpegSource("test-dead", uri, "", "", null, camera, clock);
            source.start();
            RecordingSink.await("41 attempts", () -> clock.sleeps.size() >= 41);
        } finally {
            System.setErr(stderr);
            delivery.shutdownNow();
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.contains("[test-dead")).toList();
        System.err.println(String.join("\n", lines));
        assertEquals(List.of("STARTING", "ERROR"), events.stream().map(e -> e.get(EventProperties.STATE)).toList(),
                "no STARTING and ERROR at every retry");
        assertEquals(CameraState.ERROR, camera.status().state());
        assertTrue(camera.status().message().contains("failed: Connection refused"), camera.status().message());
        assertEquals(2 + 4, lines.size(), "a line per state change, and the attempts summed up after 4, 8, 16, 32");
        assertEquals(4, lines.stream().filter(line -> line.contains("still down after")).count());
        assertTrue(lines.get(lines.size() - 1).contains("still down after 32 attempts"), lines.toString());
    }
}
