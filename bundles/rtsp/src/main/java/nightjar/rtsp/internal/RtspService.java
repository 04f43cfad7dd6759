package nightjar.rtsp.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.camera.Camera;
import nightjar.api.security.DeviceCredential;
import nightjar.api.security.PasswordCheck;
import nightjar.api.security.ServerTls;
import nightjar.api.security.UserDirectory;
import nightjar.tasks.SocketAcceptor;
import nightjar.tasks.SummarisedLog;
import nightjar.tasks.Threads;

/**
 * The RTSP server without OSGi: its listeners, its connections, what they share (cameras, logins, the
 * RTP/JPEG form of frames) and its log, so that tests can run it whole.
 */
final class RtspService {
    private static final Logger LOG = LoggerFactory.getLogger(RtspService.class);
    /** How long a write may stay blocked before the client is taken to have stopped reading. */
    static final long BLOCKED_WRITE_NANOS = TimeUnit.SECONDS.toNanos(20);
    /** How long a connection may stay without logging in (TLS handshake included). */
    static final long LOGIN_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final RtspSettings settings;
    private final Function<String, @Nullable Camera> cameras;
    private final Supplier<@Nullable ServerTls> tls;
    private final Supplier<@Nullable DeviceCredential> device;
    private final Supplier<@Nullable UserDirectory> users;
    private final SecretFingerprint fingerprints = new SecretFingerprint();
    private final LongSupplier nanos;
    private final RtpJpegForm form;
    private final BasicAuthenticator basic;
    private final DigestAuthenticator digest;
    private final SecureRandom random = new SecureRandom();
    private final long startSeconds = System.currentTimeMillis() / 1000;
    private final Set<RtspConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionNumber = new AtomicInteger();
    private final Set<String> recodeLogged = ConcurrentHashMap.newKeySet();
    private final SummarisedLog refusedLogins;
    private final SummarisedLog refusedConnections;
    private final SummarisedLog malformedRequests;
    private final SummarisedLog notReading;
    private final SummarisedLog frameProblems;
    private final SummarisedLog revokedLogins;
    private final SummarisedLog notLoggedIn;
    /** Held while a new connection is given a place (both listeners accept at once). */
    private final Object places = new Object();
    private volatile @Nullable SocketAcceptor tlsListener;
    private volatile @Nullable SocketAcceptor plainListener;

    RtspService(RtspSettings settings, Function<String, @Nullable Camera> cameras, Supplier<@Nullable PasswordCheck> passwords,
            Supplier<@Nullable DeviceCredential> device, Supplier<@Nullable UserDirectory> users,
            Supplier<@Nullable ServerTls> tls, LongSupplier nanos) {
        this.settings = settings;
        this.cameras = cameras;
        this.tls = tls;
        this.device = device;
        this.users = users;
        this.nanos = nanos;
        this.form = new RtpJpegForm(settings.packetSize(), settings.restartMarkers(), settings.recodeQuality());
        AuthThrottle throttle = new AuthThrottle(nanos);
        this.basic = new BasicAuthenticator(passwords, device, throttle, fingerprints);
        this.digest = new DigestAuthenticator(device, nanos, fingerprints);
        this.refusedLogins = new SummarisedLog("refused RTSP logins", nanos, LOG::warn);
        this.refusedConnections = new SummarisedLog("RTSP connections refused for the client limit", nanos, LOG::warn);
        this.malformedRequests = new SummarisedLog("malformed RTSP requests", nanos, LOG::info);
        this.notReading = new SummarisedLog("RTSP clients closed for not reading", nanos, LOG::info);
        this.frameProblems = new SummarisedLog("frames not sent over RTSP", nanos, LOG::warn);
        this.notLoggedIn = new SummarisedLog("RTSP connections closed without a login", nanos, LOG::info);
        this.revokedLogins = new SummarisedLog("RTSP clients closed because their login no longer holds", nanos, LOG::info);
    }

    /** Binds the ports the settings switch on; a port that cannot be bound is logged and left off. */
    void start() {
        InetAddress bind = null;
        try {
            bind = settings.bindAddress().isEmpty() ? null : InetAddress.getByName(settings.bindAddress());
        } catch (IOException e) {
            LOG.warn("RTSP bind address '{}' is unknown ({}): listening on every address", settings.bindAddress(), e.getMessage());
        }
        if (settings.tlsPort() != 0) {
            tlsListener = listen(bind, settings.tlsPort(), true);
        }
        if (settings.plainPort() != 0) {
            plainListener = listen(bind, settings.plainPort(), false);
        }
    }

    /** Binds the given ports (0: any free one) whatever the settings say; for tests. */
    void startOn(int tlsPort, int plainPort) throws IOException {
        InetAddress bind = InetAddress.getByName(settings.bindAddress().isEmpty() ? "127.0.0.1" : settings.bindAddress());
        tlsListener = acceptOn(bind, tlsPort, true);
        plainListener = acceptOn(bind, plainPort, false);
    }

    private SocketAcceptor acceptOn(@Nullable InetAddress bind, int port, boolean secure) throws IOException {
        return SocketAcceptor.start((secure ? "RTSPS" : "Plain RTSP") + " port " + port,
                "nightjar-rtsp-accept-" + port, bind, port, socket -> accepted(socket, secure));
    }

    private @Nullable SocketAcceptor listen(@Nullable InetAddress bind, int port, boolean secure) {
        try {
            SocketAcceptor listener = acceptOn(bind, port, secure);
            LOG.info("{} on port {}", secure ? "RTSPS" : "Plain RTSP", listener.port());
            return listener;
        } catch (IOException e) {
            LOG.warn("{} cannot listen on port {}: {}", secure ? "RTSPS" : "Plain RTSP", port, e.getMessage());
            return null;
        }
    }

    /** Stops listening and closes every connection. */
    void stop() {
        for (SocketAcceptor listener : new SocketAcceptor[] {tlsListener, plainListener}) {
            if (listener != null) {
                listener.close();
            }
        }
        tlsListener = null;
        plainListener = null;
        List.copyOf(connections).forEach(RtspConnection::close);
    }

    /** The port rtsps:// is served on, 0 when not. */
    int tlsPort() {
        SocketAcceptor listener = tlsListener;
        return listener == null ? 0 : listener.port();
    }

    int plainPort() {
        SocketAcceptor listener = plainListener;
        return listener == null ? 0 : listener.port();
    }

    /**
     * A new connection from a listener, served on a thread of its own. Refused past the limit of its address;
     * past the limit of all, it takes the place of the oldest connection that has not logged in (so clients that
     * never log in cannot keep out one that does), and is refused when every one has.
     */
    void accepted(Socket socket, boolean secure) {
        String address = socket.getInetAddress().getHostAddress();
        try {
            Socket served = socket;
            if (secure) {
                ServerTls current = tls.get();
                if (current == null) {
                    refusedConnections.event("RTSPS connection from " + address + " closed: no TLS certificate yet");
                    socket.close();
                    return;
                }
                SSLSocket wrapped = (SSLSocket) current.serverContext().getSocketFactory().createSocket(socket, null, true);
                wrapped.setUseClientMode(false);
                SSLParameters parameters = wrapped.getSSLParameters();
                parameters.setProtocols(current.protocols());
                parameters.setCipherSuites(current.cipherSuites());
                wrapped.setSSLParameters(parameters);
                served = wrapped;
            }
            int number = connectionNumber.incrementAndGet();
            RtspConnection connection = new RtspConnection(number, served, socket, secure, this);
            String refusal = place(connection);
            if (refusal != null) {
                refusedConnections.event("RTSP connection from " + address + " closed: " + refusal);
                socket.close();
                return;
            }
            Threads.thread("nightjar-rtsp-" + number, connection).start();
        } catch (IOException | RuntimeException e) {
            LOG.warn("RTSP connection from {} failed to start: {}", address, e.toString());
            try {
                socket.close();
            } catch (IOException closing) {
                // Closing anyway.
            }
        }
    }

    /** Adds the connection to those served, making room if it must; why it cannot be, null when it is added. */
    private @Nullable String place(RtspConnection connection) {
        synchronized (places) {
            long fromAddress = connections.stream().filter(other -> other.address().equals(connection.address())).count();
            if (fromAddress >= settings.maxClientsPerAddress()) {
                return fromAddress + " connections from this address are open, the most allowed (maxClientsPerAddress "
                        + "in nightjar.rtsp)";
            }
            if (connections.size() >= settings.maxClients()) {
                RtspConnection oldest = connections.stream().filter(other -> !other.loggedIn())
                        .min(Comparator.comparingLong(RtspConnection::connectedNanos)).orElse(null);
                if (oldest == null) {
                    return settings.maxClients() + " clients are logged in, the most allowed (maxClients in nightjar.rtsp)";
                }
                refusedConnections.event("RTSP connection from " + oldest.address() + " closed before it logged in, to "
                        + "make room: " + settings.maxClients() + " connections are open (maxClients in nightjar.rtsp)");
                oldest.close();
            }
            connections.add(connection);
            return null;
        }
    }

    /**
     * Closes clients whose login no longer holds (the device credential rotated, the account removed or no longer
     * allowed the camera it streams) and clients that have been silent or blocked too long; logs summaries that are
     * due. Called every second.
     */
    void sweep() {
        long now = nanos.getAsLong();
        long silence = TimeUnit.SECONDS.toNanos(settings.sessionTimeoutSeconds());
        DeviceCredential credential = device.get();
        String deviceFingerprint = credential == null ? null : fingerprints.of(credential.username(), credential.secret());
        UserDirectory directory = users.get();
        for (RtspConnection connection : connections) {
            try {
                String revoked = connection.revoked(deviceFingerprint, directory);
                if (revoked != null) {
                    revokedLogins.event("RTSP: " + connection.viewerName() + " at " + connection.address() + " closed: "
                            + revoked);
                    connection.close();
                    continue;
                }
                connection.sweep(now, silence, BLOCKED_WRITE_NANOS, LOGIN_NANOS);
            } catch (RuntimeException e) {
                // A defect; the sweep must go on (an exception would end the scheduled sweeps for good).
                LOG.error("RTSP: sweeping the connection from {} failed", connection.address(), e);
            }
        }
        revokedLogins.tick();
        notLoggedIn.tick();
        refusedLogins.tick();
        refusedConnections.tick();
        malformedRequests.tick();
        notReading.tick();
        frameProblems.tick();
    }

    /** A camera went away: its streams end. */
    void cameraGone(String cameraId) {
        connections.forEach(connection -> connection.cameraGone(cameraId));
    }

    /** When a client last sent something that keeps its connection open, the latest of all; for tests. */
    long latestActivityNanos() {
        return connections.stream().mapToLong(RtspConnection::lastReceivedNanos).max().orElse(Long.MIN_VALUE);
    }

    int connectionCount() {
        return connections.size();
    }

    /** Whether a write to some client has been blocked for longer than that (it stopped reading); for tests. */
    boolean anyWriteBlocked(long forNanos) {
        long now = nanos.getAsLong();
        return connections.stream().anyMatch(connection -> connection.writingFor(now) > forNanos);
    }

    // What connections use.

    long nanos() {
        return nanos.getAsLong();
    }

    RtspSettings settings() {
        return settings;
    }

    @Nullable Camera camera(String id) {
        return cameras.apply(id);
    }

    RtpJpegForm form() {
        return form;
    }

    Authenticator authenticator(boolean secure) {
        return secure ? basic : digest;
    }

    byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    long startSeconds() {
        return startSeconds;
    }

    void removed(RtspConnection connection) {
        connections.remove(connection);
    }

    void authFailure(String address, boolean secure, String method, String why) {
        refusedLogins.event((secure ? "RTSPS" : "Plain RTSP") + ": refused " + method + " from " + address + ": " + why);
    }

    void malformed(String address, @Nullable String why) {
        malformedRequests.event("RTSP: malformed request from " + address + " (" + why + "); connection closed");
    }

    /** A defect: a request the server failed on. Logged with its stack trace, the connection goes on. */
    void internalError(String address, String method, RuntimeException failure) {
        LOG.error("RTSP: {} from {} failed", method, address, failure);
    }

    void notLoggedIn(String address) {
        notLoggedIn.event("RTSP client at " + address + " closed: not logged in within " + LOGIN_NANOS / 1_000_000_000L
                + " s");
    }

    void notReading(String address) {
        notReading.event("RTSP client at " + address + " closed: it stopped reading");
    }

    void frameProblem(String cameraId, String why) {
        frameProblems.event("RTSP: a frame of camera " + cameraId + " was not sent: " + why);
    }

    void recoded(String cameraId, JpegLayout.Recode reason) {
        if (recodeLogged.add(cameraId + " " + reason)) {
            LOG.info("RTSP: frames of camera {} are re-coded before sending ({}, {})", cameraId, reason,
                    reason.decodes ? "decoded and encoded again" : "from their coefficients, without decoding");
        }
    }

    void streamStarted(Viewer viewer, String address, RtpSession session, boolean secure) {
        LOG.info("{}: {} at {} streams camera {} ({})", secure ? "RTSPS" : "Plain RTSP", viewer.name(), address,
                session.camera().id(), session.transport().interleaved() ? "TCP" : "UDP");
    }

    void streamEnded(String address, RtpSession session, long nanosPlayed) {
        LOG.info("RTSP: the stream of camera {} to {} ended after {} s: {} frames sent, {} skipped", session.camera().id(),
                address, nanosPlayed / 1_000_000_000L, session.framesSent(), session.framesSkipped());
    }
}
