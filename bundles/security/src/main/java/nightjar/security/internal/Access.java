package nightjar.security.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import nightjar.api.http.AccessLevel;
import nightjar.api.http.NightjarHttp;

/**
 * Who may do what, decided before any servlet runs from the decoded path and the {@link AccessLevel}
 * that the endpoint it reaches declares (see {@link Endpoints}): a viewer reaches only its own
 * cameras, and only to watch (GET and HEAD); what acts only for the account itself is open to every
 * account; the rest is for admins.
 */
final class Access {
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

    /**
     * Why the account may not do this, or null when it may.
     *
     * @param level what the endpoint the path reaches declares
     * @param actionCamera the camera of an mjpg-streamer style {@code /?action=} request ("" for the
     *        first camera), null for other requests
     */
    static @Nullable String refusal(Account account, AccessLevel level, String method, String path,
            @Nullable String actionCamera) {
        if (account.isAdmin()) {
            return null;
        }
        switch (level) {
            case ADMIN, METRICS -> {
                return "This is for admins";
            }
            case USER -> {
                return null;
            }
            case VIEWER -> {
                String camera = NightjarHttp.cameraInPath(path);
                if (camera == null && actionCamera != null) {
                    if (actionCamera.isEmpty()) {
                        return "Name the camera: add &camera=<id>";
                    }
                    camera = actionCamera;
                }
                if (camera != null && !account.mayView(camera)) {
                    return "Camera '" + camera + "' is not one of yours";
                }
                return isSafe(method) ? null : "Viewers can watch but not change anything";
            }
        }
        throw new IllegalArgumentException("unknown access level " + level);
    }

    /** What a browser session may reach before its generated password is replaced. */
    static boolean allowedBeforePasswordChange(AccessLevel level) {
        return level == AccessLevel.USER;
    }

    static boolean isSafe(String method) {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }
}
