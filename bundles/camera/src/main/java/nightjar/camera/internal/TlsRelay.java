package nightjar.camera.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.tasks.SocketAcceptor;
import nightjar.tasks.Threads;

/**
 * The TLS of an {@code rtsps://} camera, done here rather than by ffmpeg, which checks no certificate: ffmpeg
 * speaks plain RTSP to a port of this relay on the loopback address, and the relay carries the bytes over a
 * TLS connection to the camera that is checked as an {@code https://} source's is: the pinned
 * {@code trustFingerprint} when one is set (the host name then does not matter), else the system's
 * certificate authorities and the host name. A connection whose certificate fails is closed before a byte
 * of ffmpeg's (which holds the password) goes out, and {@link #problem()} says why, for the camera's message.
 */
final class TlsRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TlsRelay.class);
    private static final int CONNECT_TIMEOUT_MILLIS = RtspCommand.TIMEOUT_SECONDS * 1000;
    /** ffmpeg holds one connection; a second is a restart overlapping the last. Others are refused. */
    private static final int MAX_CONNECTIONS = 2;
    private static final int BUFFER_BYTES = 16 * 1024;

    private final String cameraId;
    private final String host;
    private final int port;
    private final byte @Nullable [] pinnedSha256;
    private final SSLContext tls;
    /** Both ends of every relayed connection, to close them with the relay. */
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile @Nullable String problem;
    private volatile boolean closed;
    private @Nullable SocketAcceptor acceptor;

    private TlsRelay(String cameraId, String host, int port, byte @Nullable [] pinnedSha256) throws IOException {
        this.cameraId = cameraId;
        this.host = host;
        this.port = port;
        this.pinnedSha256 = pinnedSha256 == null ? null : pinnedSha256.clone();
        try {
            tls = SSLContext.getInstance("TLS");
            tls.init(null, pinnedSha256 == null ? null
                    : new TrustManager[] {ServerCertificates.pinned(pinnedSha256)}, null);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** Listens on a free loopback port for ffmpeg's connections to {@code host:port}. */
    static TlsRelay start(String cameraId, String host, int port, byte @Nullable [] pinnedSha256) throws IOException {
        TlsRelay relay = new TlsRelay(cameraId, host, port, pinnedSha256);
        relay.acceptor = SocketAcceptor.start("Camera " + cameraId + "'s TLS relay",
                "nightjar-camera-" + cameraId + "-tls", InetAddress.getLoopbackAddress(), 0, relay::accepted);
        return relay;
    }

    /** The loopback port ffmpeg connects to. */
    int port() {
        SocketAcceptor listening = acceptor;
        return listening == null ? 0 : listening.port();
    }

    /** Why the last connection to the camera failed in TLS, or null when it did not. */
    @Nullable
    String problem() {
        return problem;
    }

    private void accepted(Socket local) {
        if (closed || connections.incrementAndGet() > MAX_CONNECTIONS) {
            connections.decrementAndGet();
            closeQuietly(local);
            return;
        }
        open.add(local);
        Threads.thread("nightjar-camera-" + cameraId + "-tls-up", () -> relay(local)).start();
    }

    private void relay(Socket local) {
        SSLSocket remote = null;
        try {
            remote = connect();
            problem = null;
            open.add(remote);
            SSLSocket camera = remote;
            Thread down = Threads.thread("nightjar-camera-" + cameraId + "-tls-down", () -> copy(camera, local));
            down.start();
            copy(local, camera);
            down.join();
        } catch (SSLException e) {
            problem = describe(e);
            LOG.warn("Camera {}: TLS to {}:{} failed: {}", cameraId, host, port, problem);
        } catch (IOException e) {
            // ffmpeg gets no connection and says so in words (refused, timed out, unknown host).
            LOG.debug("Camera {}: cannot reach {}:{}: {}", cameraId, host, port, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connections.decrementAndGet();
            closeQuietly(local);
            open.remove(local);
            if (remote != null) {
                closeQuietly(remote);
                open.remove(remote);
            }
        }
    }

    private SSLSocket connect() throws IOException {
        Socket tcp = new Socket();
        try {
            tcp.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            tcp.setSoTimeout(CONNECT_TIMEOUT_MILLIS);
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(tcp, host, port, true);
            if (pinnedSha256 == null) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
            }
            socket.startHandshake();
            // ffmpeg has its own timeout; a camera that pauses its stream is not this relay's to end.
            socket.setSoTimeout(0);
            return socket;
        } catch (IOException | RuntimeException e) {
            closeQuietly(tcp);
            throw e;
        }
    }

    /** Copies until either side ends, then closes both sockets, which ends the other direction's copy too. */
    private static void copy(Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER_BYTES];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // One side ended: the other is closed below.
        } finally {
            closeQuietly(to);
            closeQuietly(from);
        }
    }

    /** A failed handshake in words, with the certificate's fingerprint when the camera's was not trusted. */
    private String describe(SSLException e) {
        String message = rootMessage(e);
        if (pinnedSha256 != null || !(e instanceof SSLHandshakeException)) {
            return message;
        }
        String fingerprint = presentedFingerprint();
        return "the camera's certificate is not trusted (" + message + ")"
                + (fingerprint == null ? "" : "; to trust this certificate, set trustFingerprint = " + fingerprint);
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    /** The SHA-256 fingerprint of the certificate the camera presents, fetched without trusting it. */
    private @Nullable String presentedFingerprint() {
        try {
            SSLContext any = SSLContext.getInstance("TLS");
            ServerCertificates.Recorder recorder = ServerCertificates.recorder();
            any.init(null, new TrustManager[] {recorder}, null);
            try (Socket tcp = new Socket()) {
                tcp.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
                tcp.setSoTimeout(CONNECT_TIMEOUT_MILLIS);
                try (SSLSocket socket = (SSLSocket) any.getSocketFactory().createSocket(tcp, host, port, true)) {
                    socket.startHandshake();
                } catch (SSLException expected) {
                    // The recorder refuses every certificate once it has seen it.
                }
            }
            X509Certificate first = recorder.first();
            return first == null ? null : ServerCertificates.fingerprint(first);
        } catch (IOException | GeneralSecurityException e) {
            return null;
        }
    }

    @Override
    public void close() {
        closed = true;
        SocketAcceptor listening = acceptor;
        if (listening != null) {
            listening.close();
        }
        open.forEach(TlsRelay::closeQuietly);
        open.clear();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing anyway.
        }
    }
}
