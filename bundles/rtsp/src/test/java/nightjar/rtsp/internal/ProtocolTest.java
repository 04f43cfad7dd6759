package nightjar.rtsp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nightjar.api.camera.testing.FakeCamera;
import nightjar.api.security.DeviceCredential;
import nightjar.codec.jpeg.Sampling;

/** The server's answers to requests written by hand, and how it ends sessions, on a clock the test moves. */
class ProtocolTest {
    @TempDir
    static Path temp;

    private final FakeCamera front = new FakeCamera("front", FakeCamera.streaming(640, 480, 15));
    private final FakeSecurity.Passwords passwords = FakeSecurity.Passwords.of("admin-pw", "viewer-pw", Set.of("front"));
    /** The server's clock: real time plus what the test adds. */
    private final AtomicLong skew = new AtomicLong();
    private final DeviceCredential device = FakeSecurity.device("nvr", "device-secret");
    private RtspService service;

    @BeforeEach
    void start() throws Exception {
        var tls = FakeSecurity.tls(temp);
        service = new RtspService(new RtspSettings(0, 0, "127.0.0.1", 3, 10, 60, 1400, false, 85),
                id -> id.equals("front") ? front : null, () -> passwords, () -> device, () -> passwords, () -> tls,
                () -> System.nanoTime() + skew.get());
        service.startOn(0, 0);
    }

    @AfterEach
    void stop() {
        service.stop();
    }

    private static String basic(String name, String password) {
        return "Authorization: Basic " + Base64.getEncoder().encodeToString((name + ":" + password)
                .getBytes(StandardCharsets.UTF_8)) + "\r\n";
    }

    private static String status(String response) {
        return response.substring(0, response.indexOf("\r\n"));
    }

    private static String header(String response, String name) {
        for (String line : response.split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).strip();
            }
        }
        return "";
    }

    @Test
    void aSessionFromDescribeToTeardownChecksThePasswordOnce() throws Exception {
        try (RawClient client = RawClient.tls(service.tlsPort())) {
            String url = "rtsps://127.0.0.1:" + service.tlsPort() + "/cameras/front";
            String options = client.request("OPTIONS " + url + " RTSP/1.0\r\nCSeq: 1\r\n\r\n");
            assertEquals("RTSP/1.0 200 OK", status(options));
            assertTrue(header(options, "Public").contains("DESCRIBE"));
            assertTrue(header(options, "CSeq").equals("1"));

            String challenge = client.request("DESCRIBE " + url + " RTSP/1.0\r\nCSeq: 2\r\n\r\n");
            assertEquals("RTSP/1.0 401 Unauthorized", status(challenge));
            assertEquals("Basic realm=\"Nightjar\"", header(challenge, "WWW-Authenticate"));

            String auth = basic("viewer", "viewer-pw");
            String describe = client.request("DESCRIBE " + url + " RTSP/1.0\r\nCSeq: 3\r\n" + auth + "\r\n");
            assertEquals("RTSP/1.0 200 OK", status(describe));
            assertEquals(url + "/", header(describe, "Content-Base"));
            assertTrue(describe.contains("m=video 0 RTP/AVP 26\r\n"), describe);
            assertTrue(describe.contains("a=rtpmap:26 JPEG/90000\r\na=control:track1\r\n"), describe);

            String udp = client.request("SETUP " + url + "/track1 RTSP/1.0\r\nCSeq: 4\r\n" + auth
                    + "Transport: RTP/AVP;unicast;client_port=5000-5001\r\n\r\n");
            assertEquals("RTSP/1.0 461 Unsupported Transport", status(udp), "no pictures in the clear from RTSPS");

            String setup = client.request("SETUP " + url + "/track1 RTSP/1.0\r\nCSeq: 5\r\n" + auth
                    + "Transport: RTP/AVP;unicast;client_port=5000-5001,RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n");
            assertEquals("RTSP/1.0 200 OK", status(setup));
            assertTrue(header(setup, "Transport").startsWith("RTP/AVP/TCP;unicast;interleaved=0-1;ssrc="), setup);
            String session = header(setup, "Session").split(";")[0];
            assertEquals(session + ";timeout=60", header(setup, "Session"));

            assertEquals("RTSP/1.0 454 Session Not Found", status(client.request("PLAY " + url + " RTSP/1.0\r\nCSeq: 6\r\n"
                    + auth + "Session: 0123456789ABCDEF\r\n\r\n")));
            front.deliver(Pictures.ours(64, 48, Sampling.YUV420, 0), 64, 48);
            String play = client.requestBeforePackets("PLAY " + url + " RTSP/1.0\r\nCSeq: 7\r\n" + auth + "Session: " + session
                    + "\r\n\r\n");
            assertEquals("RTSP/1.0 200 OK", status(play));
            assertTrue(header(play, "RTP-Info").matches("url=" + Pattern.quote(url) + "/track1;seq=\\d+;rtptime=\\d+"), play);
            await(() -> front.subscriberCount() == 1);

            String keepAlive = client.request("GET_PARAMETER " + url + " RTSP/1.0\r\nCSeq: 8\r\n" + auth + "Session: "
                    + session + "\r\n\r\n");
            assertEquals("RTSP/1.0 200 OK", status(keepAlive));
            assertEquals("RTSP/1.0 200 OK", status(client.request("TEARDOWN " + url + " RTSP/1.0\r\nCSeq: 9\r\n" + auth
                    + "Session: " + session + "\r\n\r\n")));
            assertEquals(0, front.subscriberCount());
            assertEquals(1, passwords.checks.get(), "the accepted header is not checked again on its connection");
        }
    }

    @Test
    void unknownMethodsPathsAndCamerasGetClearErrors() throws Exception {
        try (RawClient client = RawClient.tls(service.tlsPort())) {
            String auth = basic("viewer", "viewer-pw");
            assertEquals("RTSP/1.0 501 Not Implemented", status(client.request("RECORD rtsps://h/cameras/front RTSP/1.0\r\n"
                    + "CSeq: 1\r\n" + auth + "\r\n")));
            assertEquals("RTSP/1.0 404 Not Found", status(client.request("DESCRIBE rtsps://h/cameras/../etc RTSP/1.0\r\n"
                    + "CSeq: 2\r\n" + auth + "\r\n")));
            assertEquals("RTSP/1.0 404 Not Found", status(client.request("DESCRIBE rtsps://h/cameras/none RTSP/1.0\r\n"
                    + "CSeq: 3\r\n" + auth + "\r\n")));
            assertEquals("RTSP/1.0 400 Bad Request", status(client.request("SETUP rtsps://h/cameras/front RTSP/1.0\r\n"
                    + "CSeq: 4\r\n" + auth + "\r\n")));
            String required = client.request("DESCRIBE rtsps://h/cameras/front RTSP/1.0\r\nCSeq: 5\r\n" + auth
                    + "Require: com.example.fancy\r\n\r\n");
            assertEquals("RTSP/1.0 551 Option not supported", status(required));
            assertEquals("com.example.fancy", header(required, "Unsupported"));
            String garbage = client.request("\u0001\u0002 hello\r\n\r\n");
            assertEquals("RTSP/1.0 400 Bad Request", status(garbage));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void aSilentClientIsClosedAfterTheSessionTimeout() throws Exception {
        try (RawClient client = RawClient.plain(service.plainPort())) {
            assertEquals("RTSP/1.0 200 OK", status(client.request("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n")));
            service.sweep();
            assertEquals(1, service.connectionCount());
            skew.addAndGet(TimeUnit.SECONDS.toNanos(61));
            service.sweep();
            assertTrue(client.closedByServer());
            assertEquals(0, service.connectionCount());
        }
    }

    @Test
    void aClientThatStopsReadingIsClosedAndNoFrameWaitsForIt() throws Exception {
        byte[] jpeg = Pictures.ours(640, 480, Sampling.YUV420, 1);
        try (RawClient client = RawClient.tls(service.tlsPort())) {
            client.socket.setReceiveBufferSize(4096);
            String auth = basic("admin", "admin-pw");
            String url = "rtsps://127.0.0.1/cameras/front";
            String setup = client.request("SETUP " + url + "/track1 RTSP/1.0\r\nCSeq: 1\r\n" + auth
                    + "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n");
            String session = header(setup, "Session").split(";")[0];
            client.request("PLAY " + url + " RTSP/1.0\r\nCSeq: 2\r\n" + auth + "Session: " + session + "\r\n\r\n");
            // The client reads nothing more: frames pile up in the socket buffers until the sender's write blocks;
            // delivering never blocks (the camera's thread is the test's here).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!service.anyWriteBlocked(TimeUnit.MILLISECONDS.toNanos(300))) {
                assertTrue(System.nanoTime() < deadline, "no write blocked");
                front.deliver(jpeg, 640, 480);
                Thread.sleep(5);
            }
            skew.addAndGet(RtspService.BLOCKED_WRITE_NANOS + 1);
            service.sweep();
            await(() -> service.connectionCount() == 0);
            assertEquals(0, front.subscriberCount());
        }
    }

    @Test
    void clientsPastTheLimitOfLoggedInOnesAreClosedAtOnce() throws Exception {
        try (RawClient a = RawClient.plain(service.plainPort()); RawClient b = RawClient.plain(service.plainPort());
                RawClient c = RawClient.plain(service.plainPort())) {
            String url = "rtsp://127.0.0.1/cameras/front";
            for (RawClient client : new RawClient[] {a, b, c}) {
                String challenge = client.request("DESCRIBE " + url + " RTSP/1.0\r\nCSeq: 1\r\n\r\n");
                assertEquals("RTSP/1.0 200 OK", status(client.request("DESCRIBE " + url + " RTSP/1.0\r\nCSeq: 2\r\n"
                        + digest(challenge, "DESCRIBE", url, "nvr", "device-secret") + "\r\n")));
            }
            try (RawClient d = RawClient.plain(service.plainPort())) {
                assertTrue(d.closedByServer());
            }
        }
    }

    /** SETUP and PLAY of camera front over TLS with Basic credentials; the client streams until closed. */
    private String streamOverTls(RawClient client, String name, String password) throws Exception {
        String auth = basic(name, password);
        String url = "rtsps://127.0.0.1/cameras/front";
        String setup = client.request("SETUP " + url + "/track1 RTSP/1.0\r\nCSeq: 1\r\n" + auth
                + "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n");
        assertEquals("RTSP/1.0 200 OK", status(setup));
        String session = header(setup, "Session").split(";")[0];
        assertEquals("RTSP/1.0 200 OK", status(client.request("PLAY " + url + " RTSP/1.0\r\nCSeq: 2\r\n" + auth
                + "Session: " + session + "\r\n\r\n")));
        return session;
    }

    /** The Digest header for a request, from the nonce of a 401's challenge. */
    private static String digest(String challenge, String method, String uri, String name, String secret) {
        String nonce = DigestAuthenticator.parameters(header(challenge, "WWW-Authenticate").substring(7)).get("nonce");
        String response = DigestAuthenticator.md5(DigestAuthenticator.md5(name + ":Nightjar:" + secret) + ":" + nonce + ":"
                + DigestAuthenticator.md5(method + ":" + uri));
        return "Authorization: Digest username=\"" + name + "\", realm=\"Nightjar\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", response=\"" + response + "\"\r\n";
    }

    /** SETUP and PLAY of camera front over plain RTSP with Digest; returns the session. */
    private String streamOverPlain(RawClient client, String secret) throws Exception {
        String url = "rtsp://127.0.0.1/cameras/front";
        String challenge = client.request("DESCRIBE " + url + " RTSP/1.0\r\nCSeq: 1\r\n\r\n");
        assertEquals("RTSP/1.0 401 Unauthorized", status(challenge));
        String setup = client.request("SETUP " + url + "/track1 RTSP/1.0\r\nCSeq: 2\r\n"
                + digest(challenge, "SETUP", url + "/track1", "nvr", secret) + "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n");
        assertEquals("RTSP/1.0 200 OK", status(setup));
        String session = header(setup, "Session").split(";")[0];
        assertEquals("RTSP/1.0 200 OK", status(client.request("PLAY " + url + " RTSP/1.0\r\nCSeq: 3\r\n"
                + digest(challenge, "PLAY", url, "nvr", secret) + "Session: " + session + "\r\n\r\n")));
        return challenge;
    }

    @Test
    void rotatingTheDeviceCredentialEndsTheStreamsItOpenedAtTheNextSweep() throws Exception {
        try (RawClient nvrTls = RawClient.tls(service.tlsPort()); RawClient nvrPlain = RawClient.plain(service.plainPort());
                RawClient admin = RawClient.tls(service.tlsPort())) {
            streamOverTls(nvrTls, "nvr", "device-secret");
            streamOverPlain(nvrPlain, "device-secret");
            streamOverTls(admin, "admin", "admin-pw");
            // A session subscribes just after PLAY's reply has gone out.
            await(() -> front.subscriberCount() == 3);
            service.sweep();
            assertEquals(3, service.connectionCount());

            device.rotate();
            service.sweep();
            assertEquals(1, service.connectionCount(), "only the account's stream goes on");
            assertTrue(nvrTls.closedByServer());
            assertTrue(nvrPlain.closedByServer());
            assertEquals(1, front.subscriberCount());
        }
    }

    @Test
    void aRemovedAccountOrACameraTakenFromAViewerEndsItsStreamAtTheNextSweep() throws Exception {
        try (RawClient viewer = RawClient.tls(service.tlsPort()); RawClient admin = RawClient.tls(service.tlsPort())) {
            streamOverTls(viewer, "viewer", "viewer-pw");
            streamOverTls(admin, "admin", "admin-pw");
            passwords.setCameras("viewer", Set.of("front", "back"));
            service.sweep();
            assertEquals(2, service.connectionCount(), "still allowed camera front");

            passwords.setCameras("viewer", Set.of("back"));
            service.sweep();
            assertEquals(1, service.connectionCount());
            assertTrue(viewer.closedByServer());
        }
        service.sweep();
        try (RawClient admin = RawClient.tls(service.tlsPort())) {
            streamOverTls(admin, "admin", "admin-pw");
            passwords.remove("admin");
            service.sweep();
            assertEquals(0, service.connectionCount());
            assertTrue(admin.closedByServer());
        }
    }

    @Test
    void aPasswordSetAnewEndsTheStreamsTheOldOneOpenedAtTheNextSweep() throws Exception {
        try (RawClient viewer = RawClient.tls(service.tlsPort()); RawClient admin = RawClient.tls(service.tlsPort())) {
            streamOverTls(viewer, "viewer", "viewer-pw");
            streamOverTls(admin, "admin", "admin-pw");
            await(() -> front.subscriberCount() == 2);
            service.sweep();
            assertEquals(2, service.connectionCount());

            passwords.resetPassword("viewer", "viewer-pw-2");
            service.sweep();
            assertEquals(1, service.connectionCount(), "the admin's stream goes on");
            assertTrue(viewer.closedByServer());
        }
        service.sweep();
        try (RawClient viewer = RawClient.tls(service.tlsPort())) {
            streamOverTls(viewer, "viewer", "viewer-pw-2");
            service.sweep();
            assertEquals(1, service.connectionCount(), "the new password's stream holds");
        }
    }

    @Test
    void refusedKeepAlivesDoNotKeepAStreamOpen() throws Exception {
        try (RawClient client = RawClient.plain(service.plainPort())) {
            String challenge = streamOverPlain(client, "device-secret");
            String url = "rtsp://127.0.0.1/cameras/front";
            skew.addAndGet(TimeUnit.SECONDS.toNanos(40));
            String refused = client.request("GET_PARAMETER " + url + " RTSP/1.0\r\nCSeq: 4\r\n"
                    + digest(challenge, "GET_PARAMETER", url, "nvr", "an-old-secret") + "\r\n");
            assertEquals("RTSP/1.0 401 Unauthorized", status(refused));
            assertEquals("RTSP/1.0 200 OK", status(client.request("OPTIONS * RTSP/1.0\r\nCSeq: 5\r\n\r\n")));
            skew.addAndGet(TimeUnit.SECONDS.toNanos(30));
            service.sweep();
            assertEquals(0, service.connectionCount(), "silent for 70 s but for refused requests");
        }
    }

    @Test
    void udpClientsKeepAliveWithReceiverReportsAlone() throws Exception {
        try (RawClient client = RawClient.plain(service.plainPort()); DatagramSocket rtcp = new DatagramSocket(0,
                InetAddress.getByName("127.0.0.1"))) {
            String url = "rtsp://127.0.0.1/cameras/front";
            String challenge = client.request("DESCRIBE " + url + " RTSP/1.0\r\nCSeq: 1\r\n\r\n");
            String setup = client.request("SETUP " + url + "/track1 RTSP/1.0\r\nCSeq: 2\r\n"
                    + digest(challenge, "SETUP", url + "/track1", "nvr", "device-secret")
                    + "Transport: RTP/AVP;unicast;client_port=" + (rtcp.getLocalPort() - 1) + "-" + rtcp.getLocalPort()
                    + "\r\n\r\n");
            assertEquals("RTSP/1.0 200 OK", status(setup));
            String session = header(setup, "Session").split(";")[0];
            Matcher ports = Pattern.compile("server_port=(\\d+)-(\\d+)").matcher(header(setup, "Transport"));
            assertTrue(ports.find(), setup);
            int serverRtcp = Integer.parseInt(ports.group(2));
            assertEquals("RTSP/1.0 200 OK", status(client.request("PLAY " + url + " RTSP/1.0\r\nCSeq: 3\r\n"
                    + digest(challenge, "PLAY", url, "nvr", "device-secret") + "Session: " + session + "\r\n\r\n")));

            skew.addAndGet(TimeUnit.SECONDS.toNanos(40));
            long reportSent = System.nanoTime() + skew.get();
            // An empty receiver report (RFC 3550 6.4.2): V=2, RC=0, PT=201, length 1, the reporter's SSRC.
            byte[] report = {(byte) 0x80, (byte) 201, 0, 1, 1, 2, 3, 4};
            rtcp.send(new DatagramPacket(report, report.length, InetAddress.getByName("127.0.0.1"), serverRtcp));
            await(() -> service.latestActivityNanos() >= reportSent);
            skew.addAndGet(TimeUnit.SECONDS.toNanos(40));
            service.sweep();
            assertEquals(1, service.connectionCount(), "80 s after its last request, 40 s after its report");
            skew.addAndGet(TimeUnit.SECONDS.toNanos(30));
            service.sweep();
            assertEquals(0, service.connectionCount());
        }
    }

    /** Waits (up to 20 s) for something another thread does. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(10);
        }
    }
}
