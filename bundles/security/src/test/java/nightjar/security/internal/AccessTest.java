package nightjar.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class AccessTest {
    private final Account admin = new Account("admin", Account.ADMIN, false);
    private final Account viewer = new Account("anna", Account.VIEWER, false, Set.of("front"));

    @Test
    void aViewerSeesOnlyItsCamerasOnEveryEndpoint() {
        for (String path : List.of("/cameras/front/snapshot.jpg", "/cameras/front/stream.mjpg",
                "/cameras/front/recordings", "/cameras/front/recordings/2026-01-02/101010-motion.ogg",
                "/api/cameras/front", "/cameras")) {
            assertNull(Access.refusal(viewer, "GET", path, null), path);
        }
        for (String path : List.of("/cameras/back/snapshot.jpg", "/cameras/back/stream.mjpg", "/cameras/back/motion.mjpg",
                "/cameras/back/recordings", "/cameras/back/recordings/2026-01-02/101010-motion.ogg",
                "/cameras/back/recordings/2026-01-02/101010-motion.jpg", "/api/cameras/back",
                "/api/cameras/back/recordings", "/cameras/back")) {
            assertNotNull(Access.refusal(viewer, "GET", path, null), path);
            assertNull(Access.refusal(admin, "GET", path, null), path);
        }
        assertNotNull(Access.refusal(viewer, "GET", "/", "back"), "mjpg-streamer's ?action= with another camera");
        assertNotNull(Access.refusal(viewer, "GET", "/", ""), "mjpg-streamer's first camera may not be the viewer's");
        assertNull(Access.refusal(viewer, "GET", "/", "front"));
    }

    @Test
    void adminOnlyPathsAndViewersOnlyWatch() {
        for (String path : List.of("/cameras/front/motion.mjpg", "/api/users", "/api/users/bob", "/api/settings/x",
                "/api/system", "/metrics")) {
            assertNotNull(Access.refusal(viewer, "GET", path, null), path);
            assertNull(Access.refusal(admin, "GET", path, null), path);
        }
        assertNotNull(Access.refusal(viewer, "POST", "/api/cameras/front/record", null));
        assertNotNull(Access.refusal(viewer, "DELETE", "/api/cameras/front/recordings/2026-01-02/101010-motion", null));
        assertNull(Access.refusal(viewer, "POST", "/api/me/password", null));
        assertNull(Access.refusal(viewer, "POST", "/logout", null));
        assertNull(Access.refusal(viewer, "GET", "/api/metrics-are-not-a-prefix-match", null));
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
        assertTrue(Access.allowedBeforePasswordChange("/api/me/password"));
        assertTrue(Access.allowedBeforePasswordChange("/ui/index.html"));
        assertFalse(Access.allowedBeforePasswordChange("/cameras/front/snapshot.jpg"));
        assertFalse(Access.allowedBeforePasswordChange("/api/users"));
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
            assertNotNull(Access.refusal(viewer, "GET", path, null), raw + " is for admins, or another camera");
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
