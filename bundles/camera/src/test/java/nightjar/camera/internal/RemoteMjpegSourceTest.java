package nightjar.camera.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import nightjar.api.camera.CameraState;

import nightjar.api.capture.testing.RecordingSink;

/** Against a real HTTP(S) server on loopback that speaks MJPEG the way mjpg-streamer does. */
class RemoteMjpegSourceTest {
    private static final byte[] RED = TestJpegs.make(40, 30, Color.RED);
    private static final byte[] BLUE = TestJpegs.make(40, 30, Color.BLUE);
    /** A part that is not a JPEG, between the good ones: it is skipped, the stream goes on. */
    private static final byte[] CORRUPT = "this is no picture".getBytes(StandardCharsets.US_ASCII);

    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private RemoteMjpegSource source;

    @AfterEach
    void stop() {
        if (source != null) {
            source.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    /** Serves two good frames and a corrupt one per connection, then ends the response (as a restarting camera would). */
    private void handleStream(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(String.valueOf(authorization));
        if (!("Basic " + Base64.getEncoder().encodeToString("viewer:secret".getBytes(StandardCharsets.UTF_8)))
                .equals(authorization)) {
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "multipart/x-mixed-replace;boundary=boundarydonotcross");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write("--boundarydonotcross\r\n".getBytes(StandardCharsets.US_ASCII));
            for (byte[] jpeg : List.of(RED, CORRUPT, BLUE)) {
                out.write(("Content-Type: image/jpeg\r\nContent-Length: " + jpeg.length
                        + "\r\nX-Timestamp: 1.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(jpeg);
                out.write("\r\n--boundarydonotcross\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        }
    }

    private URI startHttp() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/stream", this::handleStream);
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/stream");
    }

    @Test
    void ingestsFramesWithCredentialsAndReconnectsWhenTheStreamEnds() throws Exception {
        URI uri = startHttp();
        RecordingSink sink = new RecordingSink();
        source = new RemoteMjpegSource("test-remote", uri, "viewer", "secret", null, sink);
        source.start();
        // Two frames per connection: four frames mean it reconnected after the first stream ended.
        RecordingSink.await("frames from two connections", () -> sink.pictures.size() >= 4);
        assertArrayEquals(RED, sink.pictures.get(0).jpeg());
        assertArrayEquals(BLUE, sink.pictures.get(1).jpeg(), "the corrupt part between them was skipped");
        assertTrue(source.damagedFrames() >= 2, "skipped parts are counted: " + source.damagedFrames());
        assertEquals(40, sink.pictures.get(0).width());
        assertEquals(30, sink.pictures.get(0).height());
        assertTrue(sink.states.stream().anyMatch(s -> s.state() == CameraState.ERROR
                && s.message().contains("ended")), sink.states.toString());
    }

    @Test
    void reportsRefusedCredentialsWithoutLeakingThem() throws Exception {
        URI uri = startHttp();
        RecordingSink sink = new RecordingSink();
        source = new RemoteMjpegSource("test-remote", uri, "viewer", "wrong-password", null, sink);
        source.start();
        RecordingSink.await("an error state", () -> sink.states.stream().anyMatch(s -> s.state() == CameraState.ERROR));
        RecordingSink.State error = sink.states.stream().filter(s -> s.state() == CameraState.ERROR).findFirst()
                .orElseThrow();
        assertTrue(error.message().contains("refused the credentials (HTTP 401)"), error.message());
        assertTrue(sink.states.stream().noneMatch(s -> s.message().contains("wrong-password")));
        assertTrue(sink.pictures.isEmpty());
    }

    @Test
    void trustsASelfSignedServerOnlyByItsFingerprint(@TempDir Path temp) throws Exception {
        SelfSignedServerKey key = SelfSignedServerKey.make(temp, "server");
        byte[] fingerprint = key.sha256();
        SSLContext tls = key.serverTls();
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        https.createContext("/stream", this::handleStream);
        https.start();
        server = https;
        URI uri = URI.create("https://127.0.0.1:" + https.getAddress().getPort() + "/stream");

        RecordingSink pinned = new RecordingSink();
        source = new RemoteMjpegSource("test-remote", uri, "viewer", "secret", fingerprint, pinned);
        source.start();
        RecordingSink.await("frames over pinned TLS", () -> pinned.pictures.size() >= 2);
        source.close();

        byte[] other = fingerprint.clone();
        other[0] ^= 1;
        RecordingSink wrongPin = new RecordingSink();
        source = new RemoteMjpegSource("test-remote", uri, "viewer", "secret", other, wrongPin);
        source.start();
        RecordingSink.await("a refused certificate",
                () -> wrongPin.states.stream().anyMatch(s -> s.message().contains("does not match")));
        assertTrue(wrongPin.pictures.isEmpty());
    }

    @Test
    void parsesFingerprintsWithOrWithoutColons() {
        byte[] expected = new byte[32];
        expected[31] = (byte) 0xAB;
        String hex = "00".repeat(31) + "ab";
        assertArrayEquals(expected, RemoteMjpegSource.parseFingerprint(hex));
        assertArrayEquals(expected, RemoteMjpegSource.parseFingerprint(hex.toUpperCase().replaceAll("(..)(?!$)", "$1:")));
        assertEquals(null, RemoteMjpegSource.parseFingerprint(" "));
        assertThrows(IllegalArgumentException.class, () -> RemoteMjpegSource.parseFingerprint("abcd"));
    }
}
