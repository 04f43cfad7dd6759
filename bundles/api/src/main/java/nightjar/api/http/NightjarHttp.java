package nightjar.api.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

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
     * Service property of a servlet or resource in this context: the name of its {@link AccessLevel}
     * (String). See {@link NightjarAccess}.
     */
    public static final String ACCESS_PROPERTY = "nightjar.access";
    /**
     * Request attribute holding the authenticated account's role (String: {@link #ADMIN_ROLE},
     * viewer, or {@link #METRICS_ROLE}). Who may reach an endpoint is decided from its
     * {@link #ACCESS_PROPERTY} before it runs; an endpoint reads the role to tailor what it shows.
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
    /**
     * Request attribute holding the authenticated account as its login found it
     * ({@link nightjar.api.security.User}); absent for the metrics token. A response that goes on after the
     * request (a live stream) asks {@link nightjar.api.security.UserDirectory#revocation} whether it still holds.
     */
    public static final String USER_ATTRIBUTE = "nightjar.user";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** The role that may change settings and see the administrators' views. */
    public static final String ADMIN_ROLE = "admin";
    /** The role of a request that showed the metrics token: it may read {@code /metrics} and nothing else. */
    public static final String METRICS_ROLE = "metrics";

    private static final Pattern CAMERA_PATH = Pattern.compile("(?:/api)?/cameras/([^/]+)(/.*)?");

    private NightjarHttp() {
    }

    /**
     * The camera a decoded path is about, as {@link AccessLevel#VIEWER} reads it: the segment after a
     * leading {@code /cameras/} or {@code /api/cameras/}; null when there is none.
     */
    public static @Nullable String cameraInPath(String path) {
        Matcher matcher = CAMERA_PATH.matcher(path);
        return matcher.matches() ? matcher.group(1) : null;
    }
}
