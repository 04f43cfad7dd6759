package nightjar.camera.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nightjar.api.capture.testing.RecordingSink;
import nightjar.tasks.Threads;

/**
 * The relay that does an rtsps:// camera's TLS for ffmpeg, against a TLS server with a self-signed
 * certificate: bytes pass both ways when the pinned fingerprint matches, and when it does not (or nothing is
 * pinned) not one byte of the client's reaches the server, and the problem names the certificate.
 */
class TlsRelayTest {
    @TempDir
    Path temp;
    private SSLServerSocket server;
    private byte[] fingerprint;
    /** What the server read from each connection, line by line. */
    private final List<String> received = new CopyOnWriteArrayList<>();
    private TlsRelay relay;

    @BeforeEach
    void startServer() throws Exception {
        SelfSignedServerKey key = SelfSignedServerKey.make(temp, "camera");
        fingerprint = key.sha256();
        SSLContext tls = key.serverTls();
        server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Threads.thread("test-tls-server", this::serve).start();
    }

    /** Answers each line with the line in capitals, as an RTSP server answers a request. */
    private void serve() {
        while (!server.isClosed()) {
            try {
                SSLSocket connection = (SSLSocket) server.accept();
                Threads.thread("test-tls-connection", () -> {
                    try (connection; BufferedReader lines = new BufferedReader(
                            new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
                        OutputStream out = connection.getOutputStream();
                        String line;
                        while ((line = lines.readLine()) != null) {
                            received.add(line);
                            out.write((line.toUpperCase() + "\n").getBytes(StandardCharsets.UTF_8));
                            out.flush();
                        }
                    } catch (IOException e) {
                        // The relay refused the certificate: the handshake failed here too.
                    }
                }).start();
            } catch (IOException e) {
                return;
            }
        }
    }

    @AfterEach
    void stop() throws IOException {
        if (relay != null) {
            relay.close();
        }
        server.close();
    }

    @Test
    void aPinnedCertificateCarriesTheBytesBothWays() throws Exception {
        relay = TlsRelay.start("front", "127.0.0.1", server.getLocalPort(), fingerprint);
        try (Socket ffmpeg = new Socket(InetAddress.getLoopbackAddress(), relay.port())) {
            ffmpeg.getOutputStream().write("options rtsp://camera/stream\n".getBytes(StandardCharsets.UTF_8));
            BufferedReader answers = new BufferedReader(new InputStreamReader(ffmpeg.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("OPTIONS RTSP://CAMERA/STREAM", answers.readLine());
        }
        assertEquals(List.of("options rtsp://camera/stream"), received);
        assertNull(relay.problem());
    }

    @Test
    void aThirdConnectionAtOnceIsRefused() throws Exception {
        relay = TlsRelay.start("front", "127.0.0.1", server.getLocalPort(), fingerprint);
        try (Socket first = new Socket(InetAddress.getLoopbackAddress(), relay.port());
                Socket second = new Socket(InetAddress.getLoopbackAddress(), relay.port())) {
            assertEquals("ONE", exchange(first, "one"));
            assertEquals("TWO", exchange(second, "two"));
            try (Socket third = new Socket(InetAddress.getLoopbackAddress(), relay.port())) {
                third.setSoTimeout(60_000);
                assertEquals(-1, third.getInputStream().read(), "the third connection is closed at once");
            }
        }
        // Both ended: a restarted ffmpeg gets through again.
        RecordingSink.await("a new connection relayed", () -> {
            try (Socket again = new Socket(InetAddress.getLoopbackAddress(), relay.port())) {
                again.setSoTimeout(60_000);
                return "AGAIN".equals(exchange(again, "again"));
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static String exchange(Socket socket, String line) throws IOException {
        socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }

    @Test
    void anotherCertificateGetsNotOneByteAndSaysWhy() throws Exception {
        byte[] other = fingerprint.clone();
        other[0] ^= 1;
        relay = TlsRelay.start("front", "127.0.0.1", server.getLocalPort(), other);
        assertEquals(-1, sendSecretAndRead());
        RecordingSink.await("the relay's problem", () -> relay.problem() != null);
        assertTrue(relay.problem().contains("does not match the configured trustFingerprint"), relay.problem());
        assertTrue(received.isEmpty(), "the server read " + received);
    }

    @Test
    void withoutAPinASelfSignedCertificateIsRefusedAndItsFingerprintShown() throws Exception {
        relay = TlsRelay.start("front", "127.0.0.1", server.getLocalPort(), null);
        assertEquals(-1, sendSecretAndRead());
        RecordingSink.await("the relay's problem", () -> relay.problem() != null);
        String expected = HexFormat.ofDelimiter(":").withUpperCase().formatHex(fingerprint);
        assertTrue(relay.problem().startsWith("the camera's certificate is not trusted ("), relay.problem());
        assertTrue(relay.problem().endsWith("set trustFingerprint = " + expected), relay.problem());
        assertTrue(received.isEmpty(), "the server read " + received);
    }

    /** Writes a request with a password, as ffmpeg would, and returns what the first read gives. */
    private int sendSecretAndRead() throws IOException {
        try (Socket ffmpeg = new Socket(InetAddress.getLoopbackAddress(), relay.port())) {
            ffmpeg.setSoTimeout(60_000);
            try {
                ffmpeg.getOutputStream().write("describe with password hunter2\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // Closed before the write: as refused as it gets.
            }
            try {
                return ffmpeg.getInputStream().read();
            } catch (IOException e) {
                return -1;
            }
        }
    }
}
