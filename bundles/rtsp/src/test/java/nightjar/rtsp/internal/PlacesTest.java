package nightjar.rtsp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import nightjar.api.camera.testing.FakeCamera;

/**
 * Who gets the server's places: clients that never log in are closed after {@link RtspService#LOGIN_NANOS}, count
 * nothing they send as activity, hold at most a few places per address, and give up their place to a new
 * connection when all are taken.
 */
class PlacesTest {
    private static final String URL = "rtsp://127.0.0.1/cameras/front";

    private final FakeCamera front = new FakeCamera("front", FakeCamera.streaming(640, 480, 15));
    private final AtomicLong skew = new AtomicLong();
    private RtspService service;

    @BeforeEach
    void start() throws Exception {
        var device = FakeSecurity.device("nvr", "device-secret");
        var passwords = FakeSecurity.Passwords.of("admin-pw", "viewer-pw", Set.of("front"));
        service = new RtspService(new RtspSettings(0, 0, "127.0.0.1", 20, 4, 60, 1400, false, 85),
                id -> id.equals("front") ? front : null, () -> passwords, () -> device, () -> passwords, () -> null,
                () -> System.nanoTime() + skew.get());
        service.startOn(0, 0);
    }

    @AfterEach
    void stop() {
        service.stop();
    }

    private static String status(String response) {
        int end = response.indexOf("\r\n");
        return end < 0 ? response : response.substring(0, end);
    }

    /** Logs in with Digest (DESCRIBE) and returns the answer's status line. */
    private static String logIn(RawClient client) throws IOException {
        String challenge = client.request("DESCRIBE " + URL + " RTSP/1.0\r\nCSeq: 1\r\n\r\n");
        String nonce = "";
        for (String line : challenge.split("\r\n")) {
            if (line.startsWith("WWW-Authenticate:")) {
                nonce = DigestAuthenticator.parameters(line.substring(17).strip().substring(7)).get("nonce");
            }
        }
        String response = DigestAuthenticator.md5(DigestAuthenticator.md5("nvr:Nightjar:device-secret") + ":" + nonce + ":"
                + DigestAuthenticator.md5("DESCRIBE:" + URL));
        return status(client.request("DESCRIBE " + URL + " RTSP/1.0\r\nCSeq: 2\r\nAuthorization: Digest username=\"nvr\", "
                + "realm=\"Nightjar\", nonce=\"" + nonce + "\", uri=\"" + URL + "\", response=\"" + response + "\"\r\n\r\n"));
    }

    /** What a request gets on a connection the server may have closed: its status line, or "" when closed. */
    private static String answer(RawClient client, String request) {
        try {
            return status(client.request(request));
        } catch (IOException closed) {
            return "";
        }
    }

    @Test
    void twentyClientsThatNeverLogInCannotKeepOutOneThatDoes() throws Exception {
        List<RawClient> idle = new ArrayList<>();
        try {
            for (int n = 0; n < 20; n++) {
                RawClient client = RawClient.plainFrom("127.0.0." + (2 + n / 4), service.plainPort());
                idle.add(client);
                assertEquals("RTSP/1.0 200 OK", status(client.request("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n")));
            }
            assertEquals(20, service.connectionCount());
            try (RawClient nvr = RawClient.plainFrom("127.0.0.7", service.plainPort())) {
                assertEquals("RTSP/1.0 200 OK", logIn(nvr));
                assertTrue(idle.get(0).closedByServer(), "the oldest that had not logged in made room");
                assertEquals(20, service.connectionCount());
            }
        } finally {
            for (RawClient client : idle) {
                client.close();
            }
        }
    }

    @Test
    void aFifthConnectionFromOneAddressIsClosed() throws Exception {
        List<RawClient> four = new ArrayList<>();
        try {
            for (int n = 0; n < 4; n++) {
                RawClient client = RawClient.plainFrom("127.0.0.2", service.plainPort());
                four.add(client);
                assertEquals("RTSP/1.0 200 OK", logIn(client));
            }
            try (RawClient fifth = RawClient.plainFrom("127.0.0.2", service.plainPort())) {
                assertEquals("", answer(fifth, "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n"));
            }
            try (RawClient other = RawClient.plainFrom("127.0.0.3", service.plainPort())) {
                assertEquals("RTSP/1.0 200 OK", logIn(other));
            }
        } finally {
            for (RawClient client : four) {
                client.close();
            }
        }
    }

    @Test
    void aClientNotLoggedInWithinTenSecondsIsClosedWhateverItSends() throws Exception {
        try (RawClient idle = RawClient.plainFrom("127.0.0.2", service.plainPort());
                RawClient nvr = RawClient.plainFrom("127.0.0.3", service.plainPort())) {
            assertEquals("RTSP/1.0 200 OK", logIn(nvr));
            skew.addAndGet(TimeUnit.SECONDS.toNanos(6));
            assertEquals("RTSP/1.0 200 OK", status(idle.request("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n")));
            idle.send("$\u0001\u0000\u0004abcd");
            assertEquals("RTSP/1.0 200 OK", status(idle.request("OPTIONS * RTSP/1.0\r\nCSeq: 2\r\n\r\n")));
            service.sweep();
            assertEquals(2, service.connectionCount());
            skew.addAndGet(TimeUnit.SECONDS.toNanos(5));
            service.sweep();
            assertEquals(1, service.connectionCount(), "the logged-in client stays");
            assertTrue(idle.closedByServer());
        }
    }
}
