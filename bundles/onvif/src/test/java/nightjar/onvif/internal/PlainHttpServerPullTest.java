package nightjar.onvif.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import nightjar.tasks.testing.ManualTaskClock;

/** Pulls that wait over plain HTTP: they hold no thread, and closing the server ends them. */
class PlainHttpServerPullTest {
    /** Only bounds how long a test that fails takes: a request stuck behind waiting pulls gets no answer. */
    private static final int READ_TIMEOUT_MILLIS = 20_000;
    private final ManualTaskClock clock = new ManualTaskClock(Instant.parse("2026-12-05T08:00:00Z"));
    private final Fakes.Device device = new Fakes.Device();
    private final PullPoints pullPoints = new PullPoints(clock, 20);
    private final PlainHttpServer server;
    private final AtomicInteger nonces = new AtomicInteger();
    private final List<Socket> clients = new ArrayList<>();

    PlainHttpServerPullTest() throws IOException {
        device.cameras.add(Fakes.camera("front", "Front", 640, 480, 10));
        server = PlainHttpServer.start(0, new SoapEndpoint(device, pullPoints, new MotionStates(), clock));
    }

    @AfterEach
    void close() throws IOException {
        server.close();
        for (Socket client : clients) {
            client.close();
        }
    }

    @Test
    void morePullsWaitingThanThreadsStillLeaveTheClockAnswered() throws Exception {
        int waiting = PlainHttpServer.THREADS + 1;
        List<Socket> pulls = new ArrayList<>();
        int before = clock.pending();
        for (int i = 0; i < waiting; i++) {
            pulls.add(startPull(createPullPoint()));
        }
        awaitPending(before + PlainHttpServer.THREADS);

        String time = exchange(Fakes.envelope("", "<GetSystemDateAndTime xmlns=\"" + Soap.DEVICE + "\"/>"));
        assertTrue(time.startsWith("HTTP/1.1 200 ") && time.contains("<tt:Hour>8</tt:Hour>"), time);

        awaitPending(before + waiting);
        pullPoints.publish(new PullPoints.Message(clock.now(), "front", true, false));
        for (Socket pull : pulls) {
            String answer = new String(pull.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 200 ") && answer.contains("Name=\"State\" Value=\"true\""), answer);
        }
    }

    @Test
    void closingEndsWaitingPullsAndIdleConnectionsAndLeavesNoThread() throws Exception {
        int before = clock.pending();
        Socket pull = startPull(createPullPoint());
        awaitPending(before + 1);
        Socket idle = connect();
        idle.getOutputStream().write("POST /onvif/device_service HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        idle.getOutputStream().flush();

        server.close();

        assertClosedByServer(pull);
        assertClosedByServer(idle);
        assertTrue(server.stopped(), "a thread of the server is still blocked");
    }

    private static void assertClosedByServer(Socket client) throws IOException {
        try {
            assertEquals(-1, client.getInputStream().read());
        } catch (SocketException reset) {
            // Closed by the server as well.
        }
    }

    private void awaitPending(int count) throws InterruptedException {
        for (int i = 0; i < 2000 && clock.pending() < count; i++) {
            Thread.sleep(5);
        }
        assertTrue(clock.pending() >= count, "pulls waiting: " + clock.pending() + " of " + count);
    }

    private String createPullPoint() throws IOException {
        String created = exchange(Fakes.envelope(digest(), "<CreatePullPointSubscription xmlns=\"" + Soap.EVENTS
                + "\"><InitialTerminationTime>PT10M</InitialTerminationTime></CreatePullPointSubscription>"));
        Matcher address = Pattern.compile("<wsa:Address>http://[^/<]+(/onvif/pullpoint/[A-Za-z0-9_-]+)</wsa:Address>")
                .matcher(created);
        assertTrue(address.find(), created);
        String pullPoint = address.group(1);
        String initial = exchange(pullPoint, Fakes.envelope(digest(), pull("PT0S")));
        assertTrue(initial.contains("PropertyOperation=\"Initialized\""), initial);
        return pullPoint;
    }

    /** Sends a pull of a minute; its answer is read later. */
    private Socket startPull(String pullPoint) throws IOException {
        Socket socket = connect();
        send(socket, pullPoint, Fakes.envelope(digest(), pull("PT1M")));
        return socket;
    }

    private String exchange(byte[] body) throws IOException {
        return exchange(Onvif.DEVICE_PATH, body);
    }

    private String exchange(String path, byte[] body) throws IOException {
        try (Socket socket = connect()) {
            send(socket, path, body);
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        clients.add(socket);
        return socket;
    }

    private static void send(Socket socket, String path, byte[] body) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: nightjar.local:8000\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private String digest() {
        return Fakes.digestHeader(Fakes.USER, Fakes.SECRET, ("nonce-" + nonces.incrementAndGet())
                .getBytes(StandardCharsets.UTF_8), clock.now().toString());
    }

    private static String pull(String timeout) {
        return "<PullMessages xmlns=\"" + Soap.EVENTS + "\"><Timeout>" + timeout + "</Timeout><MessageLimit>10"
                + "</MessageLimit></PullMessages>";
    }
}
