package nightjar.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nightjar.api.http.NightjarHttp;

/** What every JSON endpoint of the web API does alike: bodies in, answers and errors out. */
final class Api {
    static final int MAX_BODY_BYTES = 16 * 1024;

    private Api() {
    }

    /** A client's mistake: answered with its status and message, nothing changed. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /**
     * The request's JSON object, holding no key but the allowed ones.
     *
     * @throws Refused 415 for another content type, 413 for a body over {@value #MAX_BODY_BYTES}
     *     bytes, 400 for bytes that are not UTF-8, malformed JSON, another value than an object, or an
     *     unexpected key
     */
    static Map<String, Object> body(HttpServletRequest request, Set<String> allowed) throws IOException, Refused {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new Refused(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "Send application/json");
        }
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            throw new Refused(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "The body is over " + MAX_BODY_BYTES + " bytes");
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new Refused(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "The body is over " + MAX_BODY_BYTES + " bytes");
        }
        return body(bytes, allowed);
    }

    /** The body's bytes as {@link #body(HttpServletRequest, Set)} takes them: strict UTF-8, strict JSON, known keys. */
    static Map<String, Object> body(byte[] bytes, Set<String> allowed) throws Refused {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Refused(HttpServletResponse.SC_BAD_REQUEST, "The body is not UTF-8");
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Refused(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new Refused(HttpServletResponse.SC_BAD_REQUEST, "Send a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) map;
        for (String key : object.keySet()) {
            if (!allowed.contains(key)) {
                throw new Refused(HttpServletResponse.SC_BAD_REQUEST, "Unexpected field '" + key + "': expected "
                        + new TreeSet<>(allowed));
            }
        }
        return object;
    }

    static String string(Map<String, Object> body, String key) throws Refused {
        if (body.get(key) instanceof String value) {
            return value;
        }
        throw new Refused(HttpServletResponse.SC_BAD_REQUEST, "'" + key + "' must be a string");
    }

    static boolean bool(Map<String, Object> body, String key) throws Refused {
        if (body.get(key) instanceof Boolean value) {
            return value;
        }
        throw new Refused(HttpServletResponse.SC_BAD_REQUEST, "'" + key + "' must be true or false");
    }

    static Set<String> strings(Map<String, Object> body, String key) throws Refused {
        Object value = body.get(key);
        if (value == null) {
            return Set.of();
        }
        List<String> strings = new ArrayList<>();
        if (value instanceof Collection<?> items) {
            for (Object item : items) {
                if (!(item instanceof String s)) {
                    throw new Refused(HttpServletResponse.SC_BAD_REQUEST, "'" + key + "' must be a list of strings");
                }
                strings.add(s);
            }
            return new TreeSet<>(strings);
        }
        throw new Refused(HttpServletResponse.SC_BAD_REQUEST, "'" + key + "' must be a list of strings");
    }

    static void send(HttpServletResponse response, int status, @Nullable Object value) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.getWriter().write(Json.write(value) + "\n");
    }

    static void ok(HttpServletResponse response, @Nullable Object value) throws IOException {
        send(response, HttpServletResponse.SC_OK, value);
    }

    static void error(HttpServletResponse response, int status, @Nullable String message) throws IOException {
        send(response, status, Map.of("error", message == null ? "" : message));
    }

    static boolean isAdmin(HttpServletRequest request) {
        return NightjarHttp.ADMIN_ROLE.equals(request.getAttribute(NightjarHttp.ROLE_ATTRIBUTE));
    }

    /** Whether the account may see the camera (the servlet context sets the viewer's list). */
    static boolean mayView(HttpServletRequest request, String cameraId) {
        return !(request.getAttribute(NightjarHttp.CAMERAS_ATTRIBUTE) instanceof Set<?> ids) || ids.contains(cameraId);
    }

    static String user(HttpServletRequest request) {
        return String.valueOf(request.getRemoteUser());
    }
}
