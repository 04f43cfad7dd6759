package nightjar.api.http;

/**
 * Who may reach a Nightjar endpoint: what a servlet or resource declares with {@link NightjarAccess}
 * and the security bundle enforces on the decoded path, before the endpoint sees the request.
 * Administrators reach every endpoint. An endpoint that declares nothing is for administrators.
 */
public enum AccessLevel {
    /** Administrators only. */
    ADMIN,
    /**
     * Viewers of the camera the request names: the path segment after a leading {@code /cameras/} or
     * {@code /api/cameras/} (see {@link NightjarHttp#cameraInPath}), or, for an mjpg-streamer style
     * {@code /?action=} request, its {@code camera} parameter. A request that names no camera (a list of
     * cameras) reaches any account. Viewers only watch: GET, HEAD and OPTIONS.
     */
    VIEWER,
    /**
     * Any signed-in account, with any method, also before a generated password is replaced: endpoints
     * that act only for the account itself (its password, its session) and the web UI's files.
     */
    USER,
    /**
     * Administrators, and for reading a client that shows the metrics token (Prometheus), which reaches
     * nothing else.
     */
    METRICS
}
