package nightjar.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SessionStoreTest {
    private static final long MINUTE = 60_000_000_000L;
    private final AtomicLong now = new AtomicLong(5 * MINUTE);
    private final SessionStore sessions = new SessionStore(now::get, 30 * MINUTE, 12 * 60 * MINUTE);

    @Test
    void idsAndTokensAreRandomAndDistinct() {
        SessionStore.Session a = sessions.create("admin", 0);
        SessionStore.Session b = sessions.create("admin", 0);
        assertNotEquals(a.id(), b.id());
        assertNotEquals(a.id(), a.csrfToken());
        assertEquals(43, a.id().length(), "32 bytes, base64url");
        assertEquals("admin", sessions.find(a.id()).orElseThrow().user());
        assertTrue(sessions.find("guess").isEmpty());
    }

    @Test
    void idleTimeoutRestartsWithUseButTheAbsoluteOneDoesNot() {
        SessionStore.Session session = sessions.create("viewer", 0);
        for (int i = 0; i < 24; i++) {
            now.addAndGet(29 * MINUTE);
            assertTrue(sessions.find(session.id()).isPresent(), "used every 29 minutes: alive at " + i);
        }
        now.addAndGet(29 * MINUTE);
        assertFalse(sessions.find(session.id()).isPresent(), "12 hours after login it ends, however used");
        SessionStore.Session idle = sessions.create("viewer", 0);
        now.addAndGet(30 * MINUTE);
        assertFalse(sessions.find(idle.id()).isPresent(), "30 idle minutes end it");
    }

    @Test
    void endingSessions() {
        SessionStore.Session a = sessions.create("viewer", 0);
        SessionStore.Session b = sessions.create("viewer", 0);
        SessionStore.Session admin = sessions.create("admin", 0);
        sessions.end(a.id());
        assertTrue(sessions.find(a.id()).isEmpty());
        sessions.endAll("viewer", null);
        assertTrue(sessions.find(b.id()).isEmpty());
        assertTrue(sessions.find(admin.id()).isPresent());
    }
}
