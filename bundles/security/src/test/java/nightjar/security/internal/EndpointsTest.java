package nightjar.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import nightjar.api.http.AccessLevel;

/** Which declared endpoint a path reaches, chosen as the HTTP whiteboard chooses the servlet. */
class EndpointsTest {
    private final Account viewer = new Account("anna", Account.VIEWER, false, Set.of("front"));

    @Test
    void exactThenLongestPrefixThenExtensionThenDefault() {
        Endpoints endpoints = Endpoints.of(List.of(
                new Endpoints.Endpoint(List.of("/"), AccessLevel.VIEWER),
                new Endpoints.Endpoint(List.of("/a/*"), AccessLevel.USER),
                new Endpoints.Endpoint(List.of("/a/b/*"), AccessLevel.ADMIN),
                new Endpoints.Endpoint(List.of("/a/open"), AccessLevel.USER),
                new Endpoints.Endpoint(List.of("*.txt"), AccessLevel.METRICS)));
        assertEquals(AccessLevel.USER, endpoints.level("/a"));
        assertEquals(AccessLevel.USER, endpoints.level("/a/x"));
        assertEquals(AccessLevel.ADMIN, endpoints.level("/a/b"));
        assertEquals(AccessLevel.ADMIN, endpoints.level("/a/b/c"));
        assertEquals(AccessLevel.USER, endpoints.level("/a/bc"), "a prefix ends at a slash");
        assertEquals(AccessLevel.USER, endpoints.level("/a/open"));
        assertEquals(AccessLevel.USER, endpoints.level("/a/b.txt"), "a prefix wins over an extension");
        assertEquals(AccessLevel.METRICS, endpoints.level("/c/d.txt"));
        assertEquals(AccessLevel.VIEWER, endpoints.level("/elsewhere"));
    }

    @Test
    void whatNothingServesAndTwoEndpointsOnOnePatternAreForAdmins() {
        Endpoints endpoints = Endpoints.of(List.of(new Endpoints.Endpoint(List.of("/x"), AccessLevel.USER),
                new Endpoints.Endpoint(List.of("/x"), AccessLevel.ADMIN)));
        assertEquals(AccessLevel.ADMIN, endpoints.level("/x"));
        assertEquals(AccessLevel.ADMIN, endpoints.level("/nothing/here"));
        assertEquals(AccessLevel.ADMIN, Endpoints.of(List.of()).level("/"));
    }

    @Test
    void aServletDeclaringAdminIsRefusedToAViewerOnItsDecodedPath() {
        // A path no list names: the declaration alone makes it an admin's.
        Endpoints endpoints = Endpoints.of(List.of(
                new Endpoints.Endpoint(List.of("/cameras", "/cameras/*", "/"), AccessLevel.VIEWER),
                new Endpoints.Endpoint(List.of("/cameras/front/tuning/*"), AccessLevel.ADMIN)));
        for (String raw : List.of("/cameras/front/tuning/view", "/cameras/front/%74uning/view",
                "/cameras/%66ront/tuning/view", "/cameras/front/tuning")) {
            String path = Access.decodedPath(raw);
            assertNotNull(path, raw);
            assertEquals(AccessLevel.ADMIN, endpoints.level(path), raw);
            assertNotNull(Access.refusal(viewer, endpoints.level(path), "GET", path, null), raw);
        }
        assertNull(Access.refusal(viewer, endpoints.level("/cameras/front/snapshot.jpg"), "GET",
                "/cameras/front/snapshot.jpg", null));
    }

    @Test
    void whatTheWhiteboardServesBeforeItIsTrackedIsForAdminsUntilItIs() {
        Endpoints endpoints = Endpoints.of(List.of(
                new Endpoints.Endpoint(List.of("/cameras", "/cameras/*", "/"), AccessLevel.VIEWER),
                new Endpoints.Endpoint(List.of("/api/me", "/api/me/*"), AccessLevel.USER)));
        // The tuning view is registered, the whiteboard serves it by its exact pattern, security has not tracked it.
        String tuning = "/cameras/front/motion.mjpg";
        assertEquals(AccessLevel.VIEWER, endpoints.level(tuning), "by the path alone: the cameras' prefix");
        assertEquals(AccessLevel.ADMIN, endpoints.level(tuning, tuning));
        assertNotNull(Access.refusal(viewer, endpoints.level(tuning, tuning), "GET", tuning, null));
        // An API servlet not tracked yet would otherwise fall to "/".
        assertEquals(AccessLevel.VIEWER, endpoints.level("/api/users"));
        assertEquals(AccessLevel.ADMIN, endpoints.level("/api/users", "/api/users"));

        // What is tracked counts by the pattern the whiteboard matched, the strictest of its endpoints.
        assertEquals(AccessLevel.VIEWER, endpoints.level("/cameras/front/snapshot.jpg", "/cameras/*"));
        assertEquals(AccessLevel.USER, endpoints.level("/api/me/password", "/api/me/*"));
        assertEquals(AccessLevel.ADMIN, Endpoints.of(List.of(new Endpoints.Endpoint(List.of("/x"), AccessLevel.USER),
                new Endpoints.Endpoint(List.of("/x"), AccessLevel.ADMIN))).level("/x", "/x"));
        // Without a served pattern the path decides.
        assertEquals(AccessLevel.USER, endpoints.level("/api/me", null));
    }
}
