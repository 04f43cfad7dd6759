package nightjar.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The stream limits of {@code config/nightjar.stream.cfg} in the unpacked tarball: curl opening more
 * streams than an account may have, an {@code fps} too low to be worth a connection, and viewers that
 * stop reading, which the HTTPS server's idle timeout (shortened here to 5 s) closes with one log line
 * and one summary between them, not a stack trace each.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamLimitsIT {
    private static final int STREAMS_PER_ACCOUNT = 4;
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) more viewers closed for not reading in the last minute$");
    private static Appliance appliance;
    private final List<Process> curls = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeAll
    static void unpackAndStart() throws Exception {
        appliance = Appliance.unpack("streams");
        appliance.configure("nightjar.stream.cfg", "maxStreamsPerAccount", Integer.toString(STREAMS_PER_ACCOUNT));
        // Jetty's idle timeout (60 s by default) is what closes a viewer that stopped reading.
        Files.writeString(appliance.home().resolve("conf/config.properties"), "\norg.apache.felix.http.timeout = 5000\n",
                StandardOpenOption.APPEND);
        // How each stream ended, should a viewer not be counted as closed.
        Files.writeString(appliance.home().resolve("conf/system.properties"),
                "\norg.slf4j.simpleLogger.log.nightjar.stream = debug\n", StandardOpenOption.APPEND);
        appliance.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (appliance != null) {
            String output = appliance.finish("stream limits");
            assertEquals(List.of(), Appliance.errors(output));
        }
    }

    @AfterEach
    void closeClients() throws Exception {
        for (Process curl : curls) {
            curl.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    @Test
    @Order(1)
    void viewersThatStopReadingAreClosedWithOneLineAndASummaryNotAStackTraceEach() throws Exception {
        for (int i = 0; i < STREAMS_PER_ACCOUNT; i++) {
            sockets.add(streamWithoutReading());
        }
        assertEquals(STREAMS_PER_ACCOUNT, streaming(), "each viewer counts from its status line on");
        String first = appliance.awaitLogLine(line -> line.contains("stopped reading"), 60);
        assertTrue(first.contains("INFO StreamServlet - Closed the stream of admin at 127.0.0.1 (camera front)"), first);
        // The server's own count first: a stream never closed is another fault than one closed unlogged.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (streaming() > 0) {
            assertTrue(System.nanoTime() < deadline, streaming() + " viewers that stopped reading are still streaming:\n"
                    + appliance.log());
            Thread.sleep(500);
        }
        // Each closing is either the first line of a minute or counted in that minute's summary, which is
        // logged when the minute is over. On a loaded machine one can be closed in the next minute.
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        while (closedViewers(appliance.log()) < STREAMS_PER_ACCOUNT) {
            assertTrue(System.nanoTime() < deadline, "every viewer was closed, but not every one was told as one that"
                    + " stopped reading:\n" + appliance.log());
            Thread.sleep(200);
        }
        assertEquals(STREAMS_PER_ACCOUNT, closedViewers(appliance.log()), appliance.log());
        String log = appliance.log();
        // At most one line per minute names a viewer; the rest are summaries.
        long named = log.lines().filter(line -> line.contains("stopped reading")).count();
        long summaries = log.lines().filter(line -> line.contains("more viewers closed for not reading")).count();
        assertTrue(named >= 1 && summaries >= 1 && named <= summaries + 1, log);
        assertTrue(log.lines().noneMatch(line -> line.startsWith("\tat ") || line.contains("WritePendingException")),
                "no stack trace:\n" + log);
    }

    @Test
    @Order(2)
    void curlOpeningMoreStreamsThanAllowedIsRefusedWith429AndAClosedStreamMakesRoom() throws Exception {
        for (int i = 0; i < STREAMS_PER_ACCOUNT; i++) {
            curls.add(streamWithCurl(i));
        }
        for (int i = 0; i < STREAMS_PER_ACCOUNT; i++) {
            awaitStreaming(i);
        }
        Path body = appliance.home().resolve("refused.txt");
        Commands.Result refused = appliance.download("/cameras/front/stream.mjpg", body);
        assertEquals("429", refused.stdout());
        assertTrue(message(body).contains("Account 'admin' has " + STREAMS_PER_ACCOUNT
                + " streams open, the most allowed (maxStreamsPerAccount in nightjar.stream)"), message(body));
        assertEquals("429", appliance.curl("/?action=stream").stdout(), "mjpg-streamer's URL counts the same");
        assertEquals("200", appliance.curl("/cameras/front/snapshot.jpg").stdout(), "snapshots are not streams");

        curls.get(0).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            // Streams until --max-time: curl gives up (28) having had 200.
            Commands.Result again = appliance.curl("/cameras/front/stream.mjpg", "--max-time", "2");
            if (again.stdout().equals("200")) {
                break;
            }
            assertEquals("429", again.stdout());
            assertTrue(System.nanoTime() < deadline, "the closed stream never made room");
            Thread.sleep(200);
        }
    }

    @Test
    @Order(3)
    void anFpsTooLowToBeWorthAConnectionIsRefused() throws Exception {
        Path body = appliance.home().resolve("fps.txt");
        assertEquals("400", appliance.download("/cameras/front/stream.mjpg?fps=0.0001", body).stdout());
        assertTrue(message(body).contains("fps must be at least 0.1 and at most 120, was '0.0001'"), message(body));
    }

    /** The error page's text, as a person reads it. */
    private static String message(Path body) throws IOException {
        return Files.readString(body, StandardCharsets.ISO_8859_1).replace("&apos;", "'").replace("&#39;", "'");
    }

    private Process streamWithCurl(int index) throws IOException {
        Path headers = appliance.home().resolve("stream-" + index + ".headers");
        Files.deleteIfExists(headers);
        return new ProcessBuilder("curl", "-sS", "-N", "--max-time", "120", "--cacert",
                appliance.certificate().toString(), "-u", "admin:" + appliance.password(), "-D", headers.toString(),
                "-o", "/dev/null", appliance.url("/cameras/front/stream.mjpg"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private void awaitStreaming(int index) throws Exception {
        Path headers = appliance.home().resolve("stream-" + index + ".headers");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(headers) || !Files.readString(headers).contains("multipart/x-mixed-replace")) {
            assertTrue(curls.get(index).isAlive(), "curl " + index + " ended: "
                    + (Files.exists(headers) ? Files.readString(headers) : "no headers"));
            assertTrue(System.nanoTime() < deadline, "curl " + index + " is not streaming");
            Thread.sleep(100);
        }
    }

    /** Viewers closed for not reading, as the log tells them: one line each, or counted in a summary line. */
    private static int closedViewers(String log) {
        int closed = 0;
        for (String line : log.lines().toList()) {
            Matcher summary = SUMMARY.matcher(line);
            if (summary.find()) {
                closed += Integer.parseInt(summary.group(1));
            } else if (line.contains("stopped reading")) {
                closed++;
            }
        }
        return closed;
    }

    /** The camera's MJPEG viewers now, as the appliance's metrics count them. */
    private int streaming() throws Exception {
        Path metrics = appliance.home().resolve("metrics.txt");
        assertEquals("200", appliance.download("/metrics", metrics).stdout());
        Matcher viewers = Pattern.compile("(?m)^nightjar_stream_clients\\{camera=\"front\"\\} (\\d+)").matcher(
                Files.readString(metrics));
        assertTrue(viewers.find(), Files.readString(metrics));
        return Integer.parseInt(viewers.group(1));
    }

    /** A TLS connection that asks for the stream, reads the status line, and then reads nothing more. */
    private Socket streamWithoutReading() throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream pem = Files.newInputStream(appliance.certificate())) {
            trusted.setCertificateEntry("nightjar", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        Socket plain = new Socket();
        plain.setReceiveBufferSize(4096);
        int port = URI.create(appliance.url("/")).getPort();
        plain.connect(new InetSocketAddress("localhost", port), 10_000);
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, "localhost", port, true);
        String credentials = Base64.getEncoder().encodeToString(("admin:" + appliance.password())
                .getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().write(("GET /cameras/front/stream.mjpg HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Basic " + credentials + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] status = new byte[12];
        socket.setSoTimeout(10_000);
        int read = socket.getInputStream().readNBytes(status, 0, status.length);
        assertEquals("HTTP/1.1 200", new String(status, 0, read, StandardCharsets.US_ASCII));
        return socket;
    }
}
