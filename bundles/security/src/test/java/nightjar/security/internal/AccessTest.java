package nightjar.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import nightjar.api.http.AccessLevel;

class AccessTest {
    private final Account admin = new Account("admin", Account.ADMIN, false);
    private final Account viewer = new Account("anna", Account.VIEWER, false, Set.of("front"));
    /** The endpoints as the bundles declare them (patterns and access levels of their servlets and resources). */
    private final Endpoints endpoints = Endpoints.of(List.of(
            new Endpoints.Endpoint(List.of("/cameras", "/cameras/*", "/"), AccessLevel.VIEWER), // stream
            new Endpoints.Endpoint(List.of("/cameras/front/motion.mjpg"), AccessLevel.ADMIN), // motion
            new Endpoints.Endpoint(List.of("/cameras/back/motion.mjpg"), AccessLevel.ADMIN),
            new Endpoints.Endpoint(List.of("/cameras/front/recordings", "/cameras/front/recordings/*"),
                    AccessLevel.VIEWER), // recorder
            new Endpoints.Endpoint(List.of("/cameras/back/recordings", "/cameras/back/recordings/*"),
                    AccessLevel.VIEWER),
            new Endpoints.Endpoint(List.of("/api/cameras", "/api/cameras/*", "/api/illumination"),
                    AccessLevel.VIEWER), // web
            new Endpoints.Endpoint(List.of("/api/me", "/api/me/*"), AccessLevel.USER),
            new Endpoints.Endpoint(List.of("/api/users", "/api/users/*"), AccessLevel.ADMIN),
            new Endpoints.Endpoint(List.of("/api/settings", "/api/settings/*"), AccessLevel.ADMIN),
            new Endpoints.Endpoint(List.of("/api/system"), AccessLevel.ADMIN),
            new Endpoints.Endpoint(List.of("/metrics"), AccessLevel.METRICS),
            new Endpoints.Endpoint(List.of("/ui/*"), AccessLevel.USER),
            new Endpoints.Endpoint(List.of("/login", "/logout"), AccessLevel.USER), // security
            new Endpoints.Endpoint(List.of("/api/tls"), AccessLevel.ADMIN)));

    private @Nullable String refusal(Account account, String method, String path, @Nullable String actionCamera) {
        return Access.refusal(account, endpoints.level(path), method, path, actionCamera);
    }

    private boolean allowedBeforePasswordChange(String path) {
        return Access.allowedBeforePasswordChange(endpoints.level(path));
    }

    @Test
    void aViewerSeesOnlyItsCamerasOnEveryEndpoint() {
        for (String path : List.of("/cameras/front/snapshot.jpg", "/cameras/front/stream.mjpg",
                "/cameras/front/recordings", "/cameras/front/recordings/2026-01-02/101010-motion.ogg",
                "/api/cameras/front", "/cameras")) {
            assertNull(refusal(viewer, "GET", path, null), path);
        }
        for (String path : List.of("/cameras/back/snapshot.jpg", "/cameras/back/stream.mjpg", "/cameras/back/motion.mjpg",
                "/cameras/back/recordings", "/cameras/back/recordings/2026-01-02/101010-motion.ogg",
                "/cameras/back/recordings/2026-01-02/101010-motion.jpg", "/api/cameras/back",
                "/api/cameras/back/recordings", "/cameras/back")) {
            assertNotNull(refusal(viewer, "GET", path, null), path);
            assertNull(refusal(admin, "GET", path, null), path);
        }
        assertNotNull(refusal(viewer, "GET", "/", "back"), "mjpg-streamer's ?action= with another camera");
        assertNotNull(refusal(viewer, "GET", "/", ""), "mjpg-streamer's first camera may not be the viewer's");
        assertNull(refusal(viewer, "GET", "/", "front"));
    }

    @Test
    void adminOnlyPathsAndViewersOnlyWatch() {
        for (String path : List.of("/cameras/front/motion.mjpg", "/api/users", "/api/users/bob", "/api/settings/x",
                "/api/system", "/metrics")) {
            assertNotNull(refusal(viewer, "GET", path, null), path);
            assertNull(refusal(admin, "GET", path, null), path);
        }
        assertNotNull(refusal(viewer, "POST", "/api/cameras/front/record", null));
        assertNotNull(refusal(viewer, "DELETE", "/api/cameras/front/recordings/2026-01-02/101010-motion", null));
        assertNull(refusal(viewer, "POST", "/api/me/password", null));
        assertNull(refusal(viewer, "POST", "/logout", null));
        assertNull(refusal(viewer, "GET", "/api/metrics-are-not-a-prefix-match", null));
    }

    @Test
    void malformedPathsAreRefused() {
        for (String path : List.of("/cameras/front/../back/snapshot.jpg", "/cameras/%2e%2e/back", "/cameras/front%2Fx",
                "/cameras//back", "/cameras/back;x=1/snapshot.jpg", "/cameras\\back", "/ui/./x", "/..", "/a%00")) {
            assertFalse(Access.wellFormed(path), path);
        }
        assertTrue(Access.wellFormed("/cameras/front/recordings/2026-01-02/101010-motion.ogg"));
        assertTrue(Access.wellFormed("/"));
    }

    @Test
    void onlyThePasswordChangeBeforeTheGeneratedPasswordIsReplaced() {
        assertTrue(allowedBeforePasswordChange("/api/me/password"));
        assertTrue(allowedBeforePasswordChange("/ui/index.html"));
        assertFalse(allowedBeforePasswordChange("/cameras/front/snapshot.jpg"));
        assertFalse(allowedBeforePasswordChange("/api/users"));
    }

    @Test
    void nextAfterLoginStaysOnThisServer() {
        assertTrue(LoginServlet.safeNext("//evil.example/").equals("/"));
        assertTrue(LoginServlet.safeNext("https://evil.example/").equals("/"));
        assertTrue(LoginServlet.safeNext(null).equals("/"));
        assertTrue(LoginServlet.safeNext("/ui/recordings.html").equals("/ui/recordings.html"));
        assertEquals("/ui/index.html#live", LoginServlet.safeNext("/ui/index.html#live"));
        assertEquals("/cameras/front/stream.mjpg?fps=5", LoginServlet.safeNext("/cameras/front/stream.mjpg?fps=5"));
        // Browsers drop tabs and line breaks from a URL and read a backslash as a slash.
        for (String next : List.of("/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/\\evil.example",
                "/ /evil.example", "/\u0000/evil", "/\u00a0/evil.example", "/%09/evil.example/..")) {
            assertEquals("/", LoginServlet.safeNext(next), next);
        }
    }

    @Test
    void accessIsJudgedOnTheDecodedPath() {
        assertEquals("/api/system", Access.decodedPath("/api/%73ystem"));
        assertEquals("/metrics", Access.decodedPath("/%6detrics"));
        assertEquals("/api/tls", Access.decodedPath("/api/%74ls"));
        assertEquals("/cameras/front/motion.mjpg", Access.decodedPath("/cameras/front/%6Dotion.mjpg"));
        for (String raw : List.of("/api/%73ystem", "/%6detrics", "/api/%74ls", "/api/%75sers", "/api/%73ettings/x",
                "/cameras/front/%6dotion.mjpg", "/cameras/%62ack/snapshot.jpg")) {
            String path = Access.decodedPath(raw);
            assertNotNull(path, raw);
            assertNotNull(refusal(viewer, "GET", path, null), raw + " is for admins, or another camera");
        }
        assertEquals("/cameras/caf\u00e9", Access.decodedPath("/cameras/caf%C3%A9"));
        assertEquals("/ui/index.html", Access.decodedPath("/ui/index.html"));
        for (String raw : List.of("/a%zz", "/a%4", "/a%", "/a%C3", "/a%FF", "/a%0a", "/a%0D", "/a%7f", "/a%3b/x",
                "/a%25%32%65%25%32%65", "/cameras/%2e%2e/x", "/caf\u00e9", "/a\tb")) {
            assertNull(Access.decodedPath(raw), raw);
        }
    }

    @Test
    void plainHttpRedirectsToTheSameHostOverHttps() {
        assertTrue(PlainHttpRedirect.target("nightjar.local", 8443, "/ui/index.html").equals("https://nightjar.local:8443/ui/index.html"));
        assertTrue(PlainHttpRedirect.target("192.168.1.9", 443, "/").equals("https://192.168.1.9/"));
        assertTrue(PlainHttpRedirect.target("::1", 8443, "").equals("https://[::1]:8443/"));
    }
}
