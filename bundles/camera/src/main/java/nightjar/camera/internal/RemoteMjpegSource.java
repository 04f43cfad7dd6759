package nightjar.camera.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.camera.CameraState;
import nightjar.api.capture.FrameSink;
import nightjar.tasks.Threads;

/**
 * Ingests an MJPEG stream over HTTP or HTTPS: another Nightjar, an mjpg-streamer, an IP camera.
 * Reconnects for as long as it is open ({@link Reconnects}). A stream that delivers no picture for
 * {@value #SILENCE_MILLIS} ms after its headers or its last picture is taken for dead and reconnected.
 * Every frame is checked before it changes anything ({@link FrameCheck}).
 */
final class RemoteMjpegSource implements FrameSource {
    static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;
    static final long SILENCE_MILLIS = 5_000;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    /** For the response headers; after them the silence watchdog decides (this stays as its backstop). */
    private static final int READ_TIMEOUT_MILLIS = 10_000;
    private static final long WATCHDOG_PERIOD_MILLIS = 250;
    private final URI uri;
    private final @Nullable String authorization;
    private final byte @Nullable [] pinnedSha256;
    private final SourceClock clock;
    private final FrameCheck check;
    private final Reconnects reconnects;
    private final ExecutorService reader;
    private final ScheduledExecutorService watchdog;
    private volatile boolean closed;
    private volatile @Nullable HttpURLConnection connection;
    /** Whether the current connection's headers arrived: from then on the watchdog counts its silence. */
    private volatile boolean receiving;
    /** When the current connection's headers or its latest picture arrived. */
    private volatile long lastPictureNanos;
    /** Set when the watchdog cut the current connection for its silence. */
    private volatile boolean silent;

    /**
     * @param pinnedSha256 SHA-256 of the server certificate to trust instead of the CA roots, or null
     */
    RemoteMjpegSource(String threadName, URI uri, String username, String password, byte @Nullable [] pinnedSha256,
            FrameSink sink) {
        this(threadName, uri, username, password, pinnedSha256, sink, SourceClock.SYSTEM);
    }

    RemoteMjpegSource(String threadName, URI uri, String username, String password, byte @Nullable [] pinnedSha256,
            FrameSink sink, SourceClock clock) {
        this.uri = uri;
        this.authorization = username.isEmpty() ? null
                : "Basic " + Base64.getEncoder().encodeToString(
                        (username + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.pinnedSha256 = pinnedSha256;
        this.clock = clock;
        this.check = new FrameCheck(redacted(), sink, clock);
        this.reconnects = new Reconnects("remote stream " + redacted(), "reconnecting", sink, check, clock);
        this.reader = Threads.scheduler(threadName);
        this.watchdog = Threads.scheduler(threadName + "-watchdog");
    }

    /** Frames dropped as damaged over the source's life: not whole JPEGs, impossible or one-off sizes. */
    long damagedFrames() {
        return check.damagedFrames();
    }

    /** Parses a fingerprint written as hex, with or without colons; empty gives null. */
    static byte @Nullable [] parseFingerprint(String text) {
        String hex = text.replace(":", "").replace(" ", "").trim();
        if (hex.isEmpty()) {
            return null;
        }
        if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("trustFingerprint must be a SHA-256 fingerprint (64 hex digits), got '"
                    + text.trim() + "'");
        }
        return HexFormat.of().parseHex(hex);
    }

    @Override
    public void start() {
        reader.execute(this::run);
        watchdog.scheduleWithFixedDelay(this::checkSilence, WATCHDOG_PERIOD_MILLIS, WATCHDOG_PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** Whether the current connection's headers arrived and it is being read. */
    boolean receiving() {
        return receiving;
    }

    /**
     * Cuts the current connection when it has delivered no picture for {@value #SILENCE_MILLIS} ms
     * since its headers or its latest picture; returns whether it did. The watchdog calls this.
     */
    boolean checkSilence() {
        HttpURLConnection http = connection;
        if (http == null || !receiving
                || clock.nanoTime() - lastPictureNanos < TimeUnit.MILLISECONDS.toNanos(SILENCE_MILLIS)) {
            return false;
        }
        silent = true;
        http.disconnect();
        return true;
    }

    private void run() {
        reconnects.run("connecting to " + redacted(), this::stream, () -> closed);
    }

    /** Streams frames until the connection ends. */
    private void stream() throws IOException {
        HttpURLConnection http = open();
        connection = http;
        try {
            int status = http.getResponseCode();
            if (status == HttpURLConnection.HTTP_UNAUTHORIZED || status == HttpURLConnection.HTTP_FORBIDDEN) {
                throw new IOException("the camera refused the credentials (HTTP " + status + ")");
            }
            if (status != HttpURLConnection.HTTP_OK) {
                throw new IOException("HTTP " + status);
            }
            String boundary = MultipartMjpegReader.boundaryOf(http.getContentType());
            if (boundary == null) {
                throw new IOException("not an MJPEG stream (Content-Type " + http.getContentType() + ")");
            }
            lastPictureNanos = clock.nanoTime();
            receiving = true;
            try (InputStream body = new BufferedInputStream(http.getInputStream(), 64 * 1024)) {
                MultipartMjpegReader parts = new MultipartMjpegReader(body, boundary, MAX_FRAME_BYTES);
                byte[] jpeg;
                while (!closed && (jpeg = parts.next()) != null) {
                    if (check.offer(jpeg) != FrameCheck.Verdict.DAMAGED) {
                        lastPictureNanos = clock.nanoTime();
                    }
                }
            } catch (IOException e) {
                throw silent ? silence() : e;
            }
            if (silent) {
                throw silence();
            }
        } finally {
            receiving = false;
            connection = null;
            http.disconnect();
        }
    }

    /** The reason of an attempt the watchdog cut. */
    private IOException silence() {
        silent = false;
        return new Reconnects.Ended("sent no picture for " + SILENCE_MILLIS / 1000 + " s");
    }

    private HttpURLConnection open() throws IOException {
        HttpURLConnection http = (HttpURLConnection) uri.toURL().openConnection();
        http.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        http.setReadTimeout(READ_TIMEOUT_MILLIS);
        http.setUseCaches(false);
        http.setInstanceFollowRedirects(true);
        if (authorization != null) {
            http.setRequestProperty("Authorization", authorization);
        }
        byte[] pin = pinnedSha256;
        if (pin != null && http instanceof HttpsURLConnection https) {
            try {
                SSLContext tls = SSLContext.getInstance("TLS");
                tls.init(null, new TrustManager[] {ServerCertificates.pinned(pin)}, null);
                https.setSSLSocketFactory(tls.getSocketFactory());
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot set up TLS: " + e.getMessage(), e);
            }
            // The pinned fingerprint names exactly one certificate, which is a stronger check than
            // the host name; self-signed appliances are often reached by an address not in it.
            https.setHostnameVerifier((host, session) -> true);
        }
        return http;
    }

    /** The URI without user information, for messages. */
    private String redacted() {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    @Override
    public void close() {
        closed = true;
        watchdog.shutdownNow();
        HttpURLConnection http = connection;
        if (http != null) {
            http.disconnect();
        }
        Threads.stopNow(reader, Duration.ofSeconds(2));
    }
}
