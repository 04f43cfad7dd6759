package nightjar.security.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Who may do what, decided from the request's path alone, before any servlet runs. Every
 * per-camera endpoint (stream, snapshot, motion view, recordings, and the web API's camera calls)
 * has {@code /cameras/<id>} in its path, so one rule covers them all: a viewer reaches only its own
 * cameras, and only to watch (GET and HEAD). Settings, users, metrics, the system page and the
 * motion tuning view are for admins.
 */
final class Access {
    private static final Pattern CAMERA_PATH = Pattern.compile("(?:/api)?/cameras/([^/]+)(/.*)?");
    private static final List<String> ADMIN_PREFIXES = List.of("/api/users", "/api/settings", "/api/system", "/api/tls",
            "/metrics");
    /** What a viewer may change: its own password, and its session. */
    private static final List<String> VIEWER_WRITES = List.of("/api/me/password", LoginServlet.LOGOUT_PATH);
    /** What a browser session may use before its generated password is replaced. */
    private static final List<String> BEFORE_PASSWORD_CHANGE = List.of("/api/me", "/api/me/password",
            LoginServlet.LOGOUT_PATH);

    private Access() {
    }

    /**
     * Paths that could mean something else to a later decoder are refused outright: encoded
     * separators and dots, parent segments, empty segments, backslashes, path parameters.
     */
    static boolean wellFormed(String rawPath) {
        String lower = rawPath.toLowerCase(Locale.ROOT);
        return rawPath.startsWith("/") && !lower.contains("%2f") && !lower.contains("%2e") && !lower.contains("%5c")
                && !lower.contains("%00") && !rawPath.contains("\\") && !rawPath.contains(";")
                && !rawPath.contains("//") && !rawPath.contains("/../") && !rawPath.endsWith("/..")
                && !rawPath.contains("/./") && !rawPath.endsWith("/.");
    }

    /**
     * The path as the servlet container dispatches it: percent escapes decoded (strict UTF-8), so
     * that {@code /api/%73ystem} is judged as {@code /api/system}. Null when the raw path is not
     * {@link #wellFormed}, has a broken escape or invalid UTF-8, or decodes to something that is not
     * well-formed itself or holds control characters.
     */
    static @Nullable String decodedPath(String rawPath) {
        if (!wellFormed(rawPath)) {
            return null;
        }
        if (rawPath.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '%')) {
            return rawPath;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '%') {
                int high = i + 2 < rawPath.length() ? Character.digit(rawPath.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(rawPath.charAt(i + 2), 16);
                if (low < 0) {
                    return null;
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c > 0x20 && c < 0x7f) {
                bytes.write(c);
            } else {
                return null;
            }
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        return wellFormed(decoded) && decoded.chars().noneMatch(Character::isISOControl) ? decoded : null;
    }

    /** The camera a path is about, or null. */
    static @Nullable String camera(String path) {
        Matcher matcher = CAMERA_PATH.matcher(path);
        return matcher.matches() ? matcher.group(1) : null;
    }

    /**
     * Why the account may not do this, or null when it may.
     *
     * @param actionCamera the camera of an mjpg-streamer style {@code /?action=} request ("" for the
     *        first camera), null for other requests
     */
    static @Nullable String refusal(Account account, String method, String path, @Nullable String actionCamera) {
        if (account.isAdmin()) {
            return null;
        }
        if (ADMIN_PREFIXES.stream().anyMatch(prefix -> path.equals(prefix) || path.startsWith(prefix + "/"))) {
            return "This is for admins";
        }
        String camera = camera(path);
        if (camera == null && actionCamera != null) {
            if (actionCamera.isEmpty()) {
                return "Name the camera: add &camera=<id>";
            }
            camera = actionCamera;
        }
        if (camera != null) {
            if (!account.mayView(camera)) {
                return "Camera '" + camera + "' is not one of yours";
            }
            if (path.endsWith("/motion.mjpg")) {
                return "The motion tuning view is for admins";
            }
        }
        if (!isSafe(method) && !VIEWER_WRITES.contains(path)) {
            return "Viewers can watch but not change anything";
        }
        return null;
    }

    static boolean allowedBeforePasswordChange(String path) {
        return BEFORE_PASSWORD_CHANGE.contains(path) || path.startsWith("/ui/");
    }

    static boolean isSafe(String method) {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }
}
