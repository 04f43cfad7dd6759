package nightjar.api.http;

/**
 * The HTTP Whiteboard servlet context that guards every Nightjar endpoint. Servlets select it
 * with {@link #CONTEXT_SELECT}; it authenticates the request before the servlet sees it and
 * sets the request attribute {@code org.osgi.service.servlet.context.ServletContextHelper.REMOTE_USER}
 * to the account name. When the security bundle is absent, no Nightjar endpoint is served.
 */
public final class NightjarHttp {
    public static final String CONTEXT_NAME = "nightjar";
    public static final String CONTEXT_SELECT = "(osgi.http.whiteboard.context.name=" + CONTEXT_NAME + ")";
    /**
     * Request attribute holding the authenticated account's role (String: {@link #ADMIN_ROLE},
     * viewer, or {@link #METRICS_ROLE}). Servlets for admins check it too, as a second line behind
     * the servlet context.
     */
    public static final String ROLE_ATTRIBUTE = "nightjar.role";
    /**
     * Request attribute holding the camera ids the account may see ({@code java.util.Set<String>});
     * absent for admins, who see every camera. The servlet context already refuses requests for a
     * camera not in it; lists of cameras use it to leave the others out.
     */
    public static final String CAMERAS_ATTRIBUTE = "nightjar.cameras";
    /**
     * Request attribute holding the browser session's CSRF token (String); absent for HTTP Basic.
     * Every state-changing request of a session must send it in {@link #CSRF_HEADER}.
     */
    public static final String CSRF_ATTRIBUTE = "nightjar.csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** The role that may change settings and see the administrators' views. */
    public static final String ADMIN_ROLE = "admin";
    /** The role of a request that showed the metrics token: it may read {@code /metrics} and nothing else. */
    public static final String METRICS_ROLE = "metrics";

    private NightjarHttp() {
    }
}
