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
    /** Request attribute holding the authenticated account's role (String: admin or viewer). */
    public static final String ROLE_ATTRIBUTE = "nightjar.role";
    /** The role that may change settings and see the administrators' views. */
    public static final String ADMIN_ROLE = "admin";

    private NightjarHttp() {
    }
}
