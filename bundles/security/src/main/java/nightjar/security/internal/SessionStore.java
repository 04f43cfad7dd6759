package nightjar.security.internal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The browsers' login sessions, in memory (a restart logs everyone out). A session ends after
 * {@code idle} without a request and at the latest {@code absolute} after login, whatever its use.
 * The session id and its CSRF token are each 32 random bytes.
 */
final class SessionStore {
    static final int MAX_SESSIONS = 1_000;
    private final SecureRandom random = new SecureRandom();
    private final LongSupplier nanos;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private volatile long idleNanos;
    private volatile long absoluteNanos;

    /** @param passwordStamp the stamp of the password the session logged in with ({@link Account#passwordStamp}) */
    record Session(String id, String user, long passwordStamp, String csrfToken, long createdNanos, long lastUsedNanos) {
    }

    SessionStore(LongSupplier nanos, long idleNanos, long absoluteNanos) {
        this.nanos = nanos;
        timeouts(idleNanos, absoluteNanos);
    }

    void timeouts(long idle, long absolute) {
        this.idleNanos = idle;
        this.absoluteNanos = absolute;
    }

    Session create(String user, long passwordStamp) {
        long now = nanos.getAsLong();
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().removeIf(s -> !alive(s, now));
            if (sessions.size() >= MAX_SESSIONS) {
                // Drop the least recently used rather than refuse a login.
                sessions.values().stream().min((a, b) -> Long.compare(a.lastUsedNanos() - now, b.lastUsedNanos() - now))
                        .ifPresent(oldest -> sessions.remove(oldest.id()));
            }
        }
        Session session = new Session(token(), user, passwordStamp, token(), now, now);
        sessions.put(session.id(), session);
        return session;
    }

    /** The live session with this id, its idle clock restarted. */
    Optional<Session> find(String id) {
        long now = nanos.getAsLong();
        Session session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        if (!alive(session, now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        Session used = new Session(session.id(), session.user(), session.passwordStamp(), session.csrfToken(),
                session.createdNanos(), now);
        sessions.replace(id, session, used);
        return Optional.of(used);
    }

    private boolean alive(Session session, long now) {
        return now - session.lastUsedNanos() < idleNanos && now - session.createdNanos() < absoluteNanos;
    }

    void end(String id) {
        sessions.remove(id);
    }

    /** Ends every session of the user but one (the one that changed the password), or all when keep is null. */
    void endAll(String user, @org.jspecify.annotations.Nullable String keep) {
        sessions.values().removeIf(s -> s.user().equals(user) && !s.id().equals(keep));
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
