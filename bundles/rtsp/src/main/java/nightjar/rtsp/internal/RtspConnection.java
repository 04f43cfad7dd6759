package nightjar.rtsp.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;

import nightjar.api.camera.Camera;
import nightjar.api.camera.CameraIds;
import nightjar.api.security.User;
import nightjar.api.security.UserDirectory;

/**
 * One client's RTSP connection, on a thread of its own: reads requests (and the client's interleaved
 * RTCP, dropped), answers them, and owns at most one session, which ends with the connection. Blocking
 * I/O is fine here: the thread serves this client only, so a password check (slow on purpose) or a slow
 * client holds no one else up; frames are written by the session's sender thread.
 */
final class RtspConnection implements Runnable, RtpSession.Owner {
    static final String TRACK = "track1";
    private static final String METHODS = "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER, SET_PARAMETER";
    private static final Set<String> METHOD_NAMES = Set.of(METHODS.split(", "));
    private static final Pattern PATH = Pattern.compile("/cameras/(" + CameraIds.GRAMMAR + ")(/" + TRACK + ")?/?");
    private static final Pattern ABSOLUTE = Pattern.compile("(?i)rtsps?://[^/]*(/.*)?");

    private final Socket socket;
    /** The TCP socket under a TLS one (the same socket in plain RTSP): closing it unblocks a blocked write. */
    private final Socket tcp;
    private final boolean tls;
    private final RtspService service;
    private final String address;
    /** This connection's number of the server's life. */
    private final long number;
    /** When the client last sent something while logged in (a request with good credentials, or RTCP). */
    private volatile long lastReceivedNanos;
    /**
     * Whether the latest credentials the client sent were accepted: only then do its requests and its RTCP
     * keep the connection open (a client refused after a rotation cannot keep alive on its old login).
     */
    private volatile boolean authenticated;
    /** Whether the client has ever logged in on this connection: until then it may be closed for a new one. */
    private volatile boolean loggedIn;
    private final long connectedNanos;
    private @Nullable ConnectionWriter writer;
    // Guarded by this.
    private @Nullable RtpSession session;
    private boolean closed;
    /** Who the client logged in as, last; the sweep re-checks it against the device credential and the accounts. */
    private @Nullable Viewer viewer;
    /**
     * The Authorization header an account was accepted with on this connection: not checked again (the check is
     * slow on purpose); the sweep ends the connection if the account goes or loses the camera.
     */
    private @Nullable String acceptedAuthorization;
    private long playStartedNanos;
    /** The session a PLAY started, to send from once its reply is written. */
    private @Nullable RtpSession toStart;

    RtspConnection(long number, Socket socket, Socket tcp, boolean tls, RtspService service) {
        this.number = number;
        this.socket = socket;
        this.tcp = tcp;
        this.tls = tls;
        this.service = service;
        this.address = socket.getInetAddress().getHostAddress();
        this.connectedNanos = service.nanos();
        this.lastReceivedNanos = connectedNanos;
    }

    boolean loggedIn() {
        return loggedIn;
    }

    long connectedNanos() {
        return connectedNanos;
    }

    String address() {
        return address;
    }

    @Override
    public void run() {
        try {
            if (socket instanceof SSLSocket secure) {
                socket.setSoTimeout(10_000);
                secure.startHandshake();
                socket.setSoTimeout(0);
            }
            socket.setTcpNoDelay(true);
            ConnectionWriter out = new ConnectionWriter(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024),
                    service::nanos);
            synchronized (this) {
                writer = out;
            }
            RtspReader reader = new RtspReader(new BufferedInputStream(socket.getInputStream(), 8192), service::nanos);
            while (true) {
                RtspRequest request;
                try {
                    request = reader.next(this::received);
                } catch (RtspException e) {
                    service.malformed(address, e.getMessage());
                    out.send(RtspResponse.error(e.status(), e.getMessage()).encode(-1));
                    return;
                }
                if (request == null) {
                    return;
                }
                RtspResponse response;
                try {
                    response = answer(request);
                } catch (RuntimeException e) {
                    service.internalError(address, request.method(), e);
                    response = RtspResponse.error(500, "the server failed on this request");
                }
                received();
                out.send(response.encode(request.cseq()));
                RtpSession starting;
                synchronized (this) {
                    starting = toStart;
                    toStart = null;
                }
                if (starting != null) {
                    starting.start();
                }
            }
        } catch (IOException e) {
            // The client went away, was closed by the sweeper, or failed its TLS handshake: nothing to tell.
        } finally {
            close();
        }
    }

    long lastReceivedNanos() {
        return lastReceivedNanos;
    }

    /** The client sent something: it keeps the connection open only while the client is logged in. */
    private void received() {
        if (authenticated) {
            lastReceivedNanos = service.nanos();
        }
    }

    /**
     * Why the connection must end because its login no longer holds: the device credential it logged in with
     * was rotated, or its account was removed, its password changed, or it may no longer see the camera it
     * streams. Null when it may go on
     * (also when the service that could tell is not running).
     *
     * @param deviceFingerprint the fingerprint of the device credential now, null when it is not available
     */
    @Nullable String revoked(@Nullable String deviceFingerprint, @Nullable UserDirectory users) {
        Viewer who;
        RtpSession current;
        synchronized (this) {
            who = viewer;
            current = session;
        }
        if (who == null) {
            return null;
        }
        String fingerprint = who.secretFingerprint();
        if (fingerprint != null) {
            return deviceFingerprint != null && !deviceFingerprint.equals(fingerprint) ? "the device credential was rotated"
                    : null;
        }
        User login = who.login();
        if (login == null || users == null) {
            return null;
        }
        String revocation = users.revocation(login, current == null ? null : current.camera().id());
        if (revocation != null) {
            return revocation;
        }
        Optional<User> now = users.user(login.name());
        synchronized (this) {
            if (viewer == who && now.isPresent()) {
                viewer = who.withRightsOf(now.get());
            }
        }
        return null;
    }

    String viewerName() {
        Viewer who;
        synchronized (this) {
            who = viewer;
        }
        return who == null ? "a client not logged in" : who.name();
    }

    /** How long the write in progress has been blocked, 0 when none is. */
    long writingFor(long now) {
        ConnectionWriter out;
        synchronized (this) {
            out = writer;
        }
        return out == null ? 0 : out.writingFor(now);
    }

    /**
     * Closes the connection if the client has been silent, or a write has been blocked, for too long, or it has
     * not logged in in time.
     */
    void sweep(long now, long silenceNanos, long blockedWriteNanos, long loginNanos) {
        if (!loggedIn && now - connectedNanos > loginNanos) {
            service.notLoggedIn(address);
            close();
            return;
        }
        ConnectionWriter out;
        synchronized (this) {
            out = writer;
        }
        boolean blocked = out != null && out.writingFor(now) > blockedWriteNanos;
        if (blocked) {
            service.notReading(address);
        }
        if (blocked || now - lastReceivedNanos > silenceNanos) {
            close();
        }
    }

    /** Ends the session and the connection. Safe to call more than once, from any thread. */
    void close() {
        RtpSession ended;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            ended = session;
            session = null;
        }
        if (ended != null) {
            endSession(ended);
        }
        try {
            // Not the TLS socket: its close sends close_notify, which waits for a write blocked on a client that
            // stopped reading. Closing the TCP socket fails that write at once.
            tcp.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        service.removed(this);
    }

    /** Ends the connection if its session streams the camera (which went away). */
    void cameraGone(String cameraId) {
        RtpSession current;
        synchronized (this) {
            current = session;
        }
        if (current != null && current.camera().id().equals(cameraId)) {
            close();
        }
    }

    RtspResponse answer(RtspRequest request) {
        String method = request.method();
        if (method.equals("OPTIONS")) {
            return new RtspResponse(200).header("Public", METHODS);
        }
        if (!METHOD_NAMES.contains(method)) {
            return RtspResponse.error(501, method + " is not implemented; this server offers " + METHODS).header("Public",
                    METHODS);
        }
        String required = request.header("Require");
        if (required != null) {
            // RFC 2326 12.32: this server implements no option a client may require.
            return RtspResponse.error(551, "no options are supported").header("Unsupported", required);
        }
        RtpSession current;
        synchronized (this) {
            current = session;
        }
        String sessionHeader = request.header("Session");
        String sessionId = sessionHeader == null ? null : sessionHeader.split(";", 2)[0].strip();
        if (sessionId != null && (current == null || !current.id().equals(sessionId))) {
            return RtspResponse.error(454, "no session " + sessionId + " on this connection");
        }
        AuthOutcome auth = authenticate(request, sessionId != null);
        Viewer viewer = auth.viewer();
        if (viewer == null) {
            if (auth.failure() != null) {
                authenticated = false;
                service.authFailure(address, tls, method, auth.failure());
            }
            RtspResponse refusal = RtspResponse.error(auth.status(), auth.status() == 401 ? "Log in"
                    : String.valueOf(auth.failure()));
            String challenge = auth.challenge();
            return challenge == null ? refusal : refusal.header("WWW-Authenticate", challenge);
        }
        return switch (method) {
            case "DESCRIBE" -> describe(request, viewer);
            case "SETUP" -> setup(request, viewer, current);
            case "PLAY" -> play(request, viewer, current);
            case "PAUSE" -> {
                if (current == null) {
                    yield RtspResponse.error(454, "PAUSE needs a session");
                }
                current.pause();
                yield withSession(new RtspResponse(200), current);
            }
            case "TEARDOWN" -> {
                if (current != null) {
                    synchronized (this) {
                        session = null;
                    }
                    endSession(current);
                }
                yield new RtspResponse(200);
            }
            case "SET_PARAMETER" -> request.body().length == 0 ? withSession(new RtspResponse(200), current)
                    : RtspResponse.error(451, "this server has no parameters to set");
            default -> withSession(new RtspResponse(200), current);
        };
    }

    private AuthOutcome authenticate(RtspRequest request, boolean inSession) {
        String authorization = request.header("Authorization");
        synchronized (this) {
            Viewer known = viewer;
            String accepted = acceptedAuthorization;
            if (known != null && known.account() != null && accepted != null && authorization != null
                    && MessageDigest.isEqual(accepted.getBytes(StandardCharsets.UTF_8),
                            authorization.getBytes(StandardCharsets.UTF_8))) {
                authenticated = true;
                return AuthOutcome.accepted(known);
            }
        }
        // The device credential is checked on every request (that is cheap), so a rotated one is refused at once.
        AuthOutcome outcome = service.authenticator(tls).authenticate(request, address, number, inSession);
        Viewer accepted = outcome.viewer();
        if (accepted != null) {
            synchronized (this) {
                viewer = accepted;
                acceptedAuthorization = tls && accepted.account() != null ? authorization : null;
            }
            authenticated = true;
            loggedIn = true;
        }
        return outcome;
    }

    private RtspResponse describe(RtspRequest request, Viewer viewer) {
        Object target = camera(request.uri(), viewer);
        if (target instanceof RtspResponse refusal) {
            return refusal;
        }
        Camera camera = (Camera) target;
        InetAddress local = socket.getLocalAddress();
        String family = local instanceof Inet6Address ? "IP6" : "IP4";
        String sdp = "v=0\r\n"
                + "o=- " + service.startSeconds() + " 1 IN " + family + " " + local.getHostAddress() + "\r\n"
                + "s=Nightjar camera " + camera.id() + "\r\n"
                + "c=IN " + family + " " + (family.equals("IP6") ? "::" : "0.0.0.0") + "\r\n"
                + "t=0 0\r\n"
                + "a=control:*\r\n"
                + "a=range:npt=0-\r\n"
                + "m=video 0 RTP/AVP " + Rtp.PAYLOAD_TYPE_JPEG + "\r\n"
                + "a=rtpmap:" + Rtp.PAYLOAD_TYPE_JPEG + " JPEG/" + Rtp.CLOCK_RATE + "\r\n"
                + "a=control:" + TRACK + "\r\n";
        String base = withoutQuery(request.uri());
        return new RtspResponse(200).header("Content-Base", base.endsWith("/") ? base : base + "/")
                .body("application/sdp", sdp);
    }

    private RtspResponse setup(RtspRequest request, Viewer viewer, @Nullable RtpSession current) {
        Object target = camera(request.uri(), viewer);
        if (target instanceof RtspResponse refusal) {
            return refusal;
        }
        Camera camera = (Camera) target;
        if (current != null) {
            return current.camera().id().equals(camera.id())
                    ? RtspResponse.error(455, "the session is set up already")
                    : RtspResponse.error(459, "one camera per session");
        }
        String transportHeader = request.header("Transport");
        if (transportHeader == null) {
            return RtspResponse.error(400, "SETUP needs a Transport header");
        }
        Transport transport = Transport.choose(transportHeader, !tls);
        if (transport == null) {
            return RtspResponse.error(461, tls ? "RTSPS streams over the TLS connection only (RTP/AVP/TCP, interleaved): "
                    + "UDP would send the pictures unencrypted" : "offered: RTP/AVP/TCP interleaved, RTP/AVP unicast");
        }
        RtpOutput output;
        int serverPort = 0;
        ConnectionWriter out;
        synchronized (this) {
            out = writer;
        }
        if (transport.interleaved()) {
            if (out == null) {
                return RtspResponse.error(503, "the connection is closing");
            }
            output = out.interleaved(transport.channel());
        } else {
            try {
                UdpOutput udp = UdpOutput.open(socket.getLocalAddress(), socket.getInetAddress(), transport,
                        service.settings().packetSize(), this::received);
                serverPort = udp.serverPort();
                output = udp;
            } catch (SocketException e) {
                return RtspResponse.error(453, "no UDP ports free: " + e.getMessage());
            }
        }
        byte[] random = service.randomBytes(18);
        String id = HexFormat.of().formatHex(random, 0, 8).toUpperCase(Locale.ROOT);
        int ssrc = ((random[8] & 0xff) << 24) | ((random[9] & 0xff) << 16) | ((random[10] & 0xff) << 8) | (random[11] & 0xff);
        int timestampBase = ((random[12] & 0xff) << 24) | ((random[13] & 0xff) << 16) | ((random[14] & 0xff) << 8)
                | (random[15] & 0xff);
        int firstSequence = ((random[16] & 0xff) << 8) | (random[17] & 0xff);
        RtpSession created = new RtpSession(id, camera, transport, output, service.form(), ssrc, timestampBase,
                firstSequence, "nightjar@" + socket.getLocalAddress().getHostAddress(), service::nanos, this);
        boolean closing;
        synchronized (this) {
            closing = closed;
            if (!closing) {
                session = created;
            }
        }
        if (closing) {
            output.close();
            return RtspResponse.error(503, "the connection is closing");
        }
        return withSession(new RtspResponse(200), created).header("Transport", transport.describe(serverPort, ssrc));
    }

    private RtspResponse play(RtspRequest request, Viewer viewer, @Nullable RtpSession current) {
        if (current == null) {
            return RtspResponse.error(454, "PLAY needs a session: SETUP first");
        }
        if (!viewer.mayView(current.camera().id())) {
            return RtspResponse.error(403, "Camera '" + current.camera().id() + "' is not one of yours");
        }
        boolean wasPlaying = current.playing();
        String base = withoutQuery(request.uri());
        String trackUrl = base.endsWith("/" + TRACK) ? base : (base.endsWith("/") ? base : base + "/") + TRACK;
        String rtpInfo = current.play(trackUrl);
        synchronized (this) {
            toStart = current;
            if (!wasPlaying) {
                playStartedNanos = service.nanos();
            }
        }
        if (!wasPlaying) {
            service.streamStarted(viewer, address, current, tls);
        }
        return withSession(new RtspResponse(200), current).header("Range", "npt=0.000-").header("RTP-Info", rtpInfo);
    }

    private RtspResponse withSession(RtspResponse response, @Nullable RtpSession current) {
        return current == null ? response
                : response.header("Session", current.id() + ";timeout=" + service.settings().sessionTimeoutSeconds());
    }

    /** The camera a request URI names, if the viewer may see it; else the response that refuses it. */
    private Object camera(String uri, Viewer viewer) {
        String path = pathOf(uri);
        Matcher matcher = path == null ? null : PATH.matcher(path);
        if (matcher == null || !matcher.matches()) {
            return RtspResponse.error(404, "streams are at /cameras/<id>");
        }
        String id = matcher.group(1);
        Camera camera = service.camera(id);
        if (camera == null) {
            return RtspResponse.error(404, "No camera '" + id + "'");
        }
        if (!viewer.mayView(id)) {
            return RtspResponse.error(403, "Camera '" + id + "' is not one of yours");
        }
        return camera;
    }

    /** The path of an absolute rtsp(s) URI or of a bare path, without its query; null for anything else. */
    static @Nullable String pathOf(String uri) {
        String bare = withoutQuery(uri);
        if (bare.startsWith("/")) {
            return bare;
        }
        Matcher absolute = ABSOLUTE.matcher(bare);
        if (!absolute.matches()) {
            return null;
        }
        return absolute.group(1) == null ? "/" : absolute.group(1);
    }

    private static String withoutQuery(String uri) {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    private void endSession(RtpSession ended) {
        boolean played = ended.framesSent() > 0 || ended.playing();
        ended.end();
        if (played) {
            long started;
            synchronized (this) {
                started = playStartedNanos;
            }
            service.streamEnded(address, ended, service.nanos() - started);
        }
    }

    @Override
    public void failed(RtpSession failed, IOException failure) {
        close();
    }

    @Override
    public void frameProblem(RtpSession problem, String why) {
        service.frameProblem(problem.camera().id(), why);
    }

    @Override
    public void recoded(RtpSession recoding, JpegLayout.Recode reason) {
        service.recoded(recoding.camera().id(), reason);
    }
}
