package nightjar.rtsp.internal;

import org.jspecify.annotations.Nullable;

/**
 * What became of a request's credentials: a viewer, or the status to refuse it with.
 *
 * @param challenge the WWW-Authenticate value to send with a 401
 * @param failure why, for the log (never a secret), null when there is nothing to log (no credentials yet)
 */
record AuthOutcome(@Nullable Viewer viewer, int status, @Nullable String challenge, @Nullable String failure) {
    static AuthOutcome accepted(Viewer viewer) {
        return new AuthOutcome(viewer, 200, null, null);
    }

    static AuthOutcome refused(int status, @Nullable String challenge, @Nullable String failure) {
        return new AuthOutcome(null, status, challenge, failure);
    }
}
