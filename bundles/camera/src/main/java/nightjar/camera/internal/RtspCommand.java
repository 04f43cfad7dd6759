package nightjar.camera.internal;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * How {@code ffmpeg} ingests a network camera's RTSP stream ({@code source = rtsp://…} or {@code rtsps://…}):
 * over TCP, without sound, scaled to the camera's size and rate, as MJPEG on its standard output.
 *
 * <p>The user name and password never appear on ffmpeg's command line, which every user of the machine can
 * read ({@code ps}, {@code /proc/<pid>/cmdline}). They go, in the URL, into an ffconcat script ({@link #script})
 * that only Nightjar's user can read, and ffmpeg opens the stream through its concat demuxer, whose
 * {@code option} lines (FFmpeg 5.0 and later) carry the RTSP options. Credentials written into the configured
 * URL ({@code rtsp://user:password@host/…}) are taken out of it the same way; the camera's {@code username}
 * and {@code password} win over them.
 *
 * <p>As a {@link ProcessSource.Report} it names the camera by its URL without user information, takes any
 * user information and the password out of ffmpeg's lines before they are logged, and says in words what
 * ffmpeg's last lines mean: a wrong address, refused credentials, a stream without video it can decode.
 */
final class RtspCommand implements ProcessSource.Report {
    /** How long ffmpeg waits for the camera to connect or send (its RTSP {@code timeout}). */
    static final int TIMEOUT_SECONDS = 10;
    private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s'\"]*@");
    private static final Pattern LOG_PREFIX = Pattern.compile("^\\[[^\\]]* @ 0x[0-9a-fA-F]+\\]\\s*");
    private static final Pattern METHOD_FAILED = Pattern.compile("method \\w+ failed: (\\d{3}.*)$");
    private static final Pattern UNRESOLVED = Pattern.compile("Failed to resolve hostname (\\S+)");
    /** Passwords shorter than this are not searched for in ffmpeg's lines, which they would shred. */
    private static final int MIN_SEARCHED_PASSWORD = 4;

    /** The port of rtsps:// when the URL names none (RFC 2326). */
    static final int RTSPS_PORT = 322;

    private final String scheme;
    private final String host;
    private final int port;
    /** Host and port as written. */
    private final String authority;
    /** Path and query as written. */
    private final String rest;
    private final String username;
    private final String password;

    private RtspCommand(String scheme, String host, int port, String authority, String rest, String username,
            String password) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.authority = authority;
        this.rest = rest;
        this.username = username;
        this.password = password;
    }

    /**
     * The command for a source URL and the camera's credentials; user information in the URL is used when
     * {@code username} is empty.
     *
     * @throws IllegalArgumentException when the source is not an rtsp:// or rtsps:// URL with a host
     */
    static RtspCommand of(String source, String username, String password) {
        String wrong = problem(source);
        if (wrong != null) {
            throw new IllegalArgumentException(wrong);
        }
        String trimmed = source.trim();
        URI uri = URI.create(trimmed);
        String user = username;
        String secret = password;
        String userInfo = uri.getUserInfo();
        if (user.isEmpty() && userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = colon < 0 ? userInfo : userInfo.substring(0, colon);
            secret = colon < 0 ? "" : userInfo.substring(colon + 1);
        }
        String authority = uri.getRawAuthority();
        String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
        String rest = trimmed.substring(uri.getScheme().length() + "://".length() + authority.length());
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("rtsps") ? RTSPS_PORT : 554;
        return new RtspCommand(scheme, host, port, hostAndPort, rest, user, secret);
    }

    /** What is wrong with an rtsp:// or rtsps:// source, without its password, or null when nothing is. */
    static @Nullable String problem(String source) {
        String trimmed = source.trim();
        String shown = withoutUserInfo(trimmed);
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("rtsp") && !scheme.equals("rtsps")) {
                return "source = " + shown + ": not an rtsp:// or rtsps:// URL";
            }
            if (uri.getHost() == null) {
                return "source = " + shown + ": the URL has no host" + (trimmed.equals(shown) ? ""
                        : " (give the user name and password as username and password instead)");
            }
        } catch (URISyntaxException e) {
            return "source = " + shown + ": not a valid URL (" + e.getReason() + ")";
        }
        return null;
    }

    /**
     * A URL as written, without what stands before the last {@code @} of its authority: also a password with
     * an {@code @} or {@code /} of its own that the user did not percent-encode stays out of messages.
     */
    static String withoutUserInfo(String url) {
        int start = url.indexOf("://");
        if (start < 0) {
            return url;
        }
        start += "://".length();
        int authorityEnd = url.length();
        for (char delimiter : new char[] {'/', '?', '#'}) {
            int at = url.indexOf(delimiter, start);
            if (at >= 0 && at < authorityEnd) {
                authorityEnd = at;
            }
        }
        int userInfoEnd = url.lastIndexOf('@', authorityEnd - 1);
        if (userInfoEnd < start) {
            // An @ further on may end a password with a '/' of its own: hiding too much beats showing it.
            userInfoEnd = url.lastIndexOf('@');
        }
        return userInfoEnd < start ? url : url.substring(0, start) + url.substring(userInfoEnd + 1);
    }

    /** The URL without user information, as messages and the log show it. */
    String shown() {
        return scheme + "://" + authority + rest;
    }

    /** Whether the camera is reached over TLS (rtsps://), which {@link TlsRelay} does for ffmpeg. */
    boolean secure() {
        return scheme.equals("rtsps");
    }

    /** The camera's host name or address (without an IPv6 address's brackets). */
    String host() {
        return host;
    }

    /** The camera's port: the URL's, else RTSP's or RTSPS's own. */
    int port() {
        return port;
    }

    /** Whether a user name goes to the camera. */
    boolean hasCredentials() {
        return !username.isEmpty();
    }

    /** The ffconcat script that opens the stream: the URL with the credentials, and the RTSP options. */
    String script() {
        return script(scheme + "://", authority);
    }

    /** The script for ffmpeg to reach the camera in plain RTSP through a {@link TlsRelay} on this loopback port. */
    String scriptThroughRelay(int relayPort) {
        return script("rtsp://", "127.0.0.1:" + relayPort);
    }

    private String script(String schemePart, String hostAndPort) {
        String userInfo = username.isEmpty() ? ""
                : percentEncoded(username) + (password.isEmpty() ? "" : ":" + percentEncoded(password)) + "@";
        return "ffconcat version 1.0\n"
                + "file " + quoted(schemePart + userInfo + hostAndPort + rest) + "\n"
                + "option rtsp_transport tcp\n"
                + "option timeout " + TIMEOUT_SECONDS * 1_000_000L + "\n";
    }

    /** ffmpeg's arguments: the script in, MJPEG of the given size, rate and quality (1 to 100) out. */
    static List<String> arguments(Path script, int width, int height, int fps, int quality) {
        return List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error",
                "-f", "concat", "-safe", "0", "-protocol_whitelist", "file,rtsp,tcp,udp,rtp",
                "-i", script.toString(),
                "-an", "-sn", "-dn", "-vf", "fps=" + fps + ",scale=" + width + ":" + height,
                "-f", "mjpeg", "-q:v", Integer.toString(ffmpegQuality(quality)), "pipe:1");
    }

    /** Our JPEG quality (1 worst to 100 best) as ffmpeg's {@code -q:v} (31 worst to 2 best). */
    static int ffmpegQuality(int quality) {
        int bounded = Math.max(1, Math.min(100, quality));
        return 2 + Math.round((100 - bounded) * 29 / 99f);
    }

    @Override
    public String source() {
        return "RTSP camera " + shown();
    }

    @Override
    public String logged(String line) {
        String redacted = USER_INFO.matcher(line).replaceAll("$1");
        if (password.length() >= MIN_SEARCHED_PASSWORD) {
            redacted = redacted.replace(password, "***").replace(percentEncoded(password), "***");
        }
        return redacted;
    }

    @Override
    public String ended(int exitCode, List<String> lastLines) {
        String all = String.join("\n", lastLines);
        if (all.contains("401 Unauthorized") || all.contains("authorization failed")) {
            return hasCredentials() ? "refused the user name or password (401 Unauthorized)"
                    : "asks for a user name and password (401 Unauthorized): set the camera's username and password";
        }
        if (all.contains("403 Forbidden")) {
            return "refused access to the stream (403 Forbidden)";
        }
        if (all.contains("404 Not Found")) {
            return "has no stream at this path (404 Not Found)";
        }
        Matcher unresolved = UNRESOLVED.matcher(all);
        if (unresolved.find()) {
            return "cannot be found: unknown host " + unresolved.group(1).replaceAll(":$", "");
        }
        if (all.contains("Connection refused")) {
            return "refused the connection (a wrong port, or the camera's RTSP server is off)";
        }
        if (all.contains("timed out")) {
            return "did not answer within " + TIMEOUT_SECONDS + " s";
        }
        if (all.contains("No route to host") || all.contains("Network is unreachable")) {
            return "cannot be reached (no route to the host)";
        }
        if (all.contains("461") || all.contains("Unsupported Transport")) {
            return "does not offer its stream over TCP (461 Unsupported Transport)";
        }
        if (all.contains("does not contain any stream") || all.contains("matches no streams")
                || all.contains("Could not find codec parameters") || all.contains("Decoder (codec")) {
            return "sends no video that ffmpeg can decode (only sound, or a format ffmpeg does not know)";
        }
        for (int i = lastLines.size() - 1; i >= 0; i--) {
            Matcher failed = METHOD_FAILED.matcher(lastLines.get(i));
            if (failed.find()) {
                return "answered " + failed.group(1);
            }
            if (lastLines.get(i).startsWith("[tls @")) {
                return "failed in TLS: " + withoutPrefix(lastLines.get(i));
            }
        }
        // ffmpeg says the same of a server that answers something other than RTSP and of one that accepts the
        // connection and closes it, as a camera does while it shuts down or boots.
        if (all.contains("Invalid data found when processing input")) {
            return "closed the connection or does not answer as an RTSP server (invalid data)";
        }
        if (exitCode == 0) {
            return "ended the stream";
        }
        return "could not be read: ffmpeg exited with code " + exitCode
                + (lastLines.isEmpty() ? "" : ": " + withoutPrefix(lastLines.get(lastLines.size() - 1)));
    }

    private static String withoutPrefix(String line) {
        return LOG_PREFIX.matcher(line).replaceFirst("");
    }

    /** Every byte but the URL's unreserved characters as %XX, so that no quote, colon or @ is left. */
    static String percentEncoded(String text) {
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                encoded.write(c);
            } else {
                byte[] escape = String.format("%%%02X", b & 0xFF).getBytes(StandardCharsets.US_ASCII);
                encoded.write(escape, 0, escape.length);
            }
        }
        return encoded.toString(StandardCharsets.US_ASCII);
    }

    /** A string in ffconcat's single quotes; a quote inside is closed, escaped and opened again. */
    static String quoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
