package nightjar.security.internal;

import java.io.IOException;

import org.jspecify.annotations.Nullable;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContext;

import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nightjar.api.http.AccessLevel;
import nightjar.api.http.NightjarHttp;

/**
 * The servlet context every Nightjar endpoint selects: nothing reaches a servlet without a valid
 * account (session cookie or HTTP Basic), a state-changing request without its CSRF proof, a
 * browser session with a generated password anything but the password change, or an account an
 * endpoint whose declared access level it lacks, such as a viewer a camera not its own (see
 * {@link Access}, {@link Endpoints}). One instance per using bundle, so resources resolve in that bundle.
 */
@Component(service = ServletContextHelper.class, scope = ServiceScope.BUNDLE)
@HttpWhiteboardContext(name = NightjarHttp.CONTEXT_NAME, path = "/")
public final class NightjarServletContext extends ServletContextHelper {
    private final Authenticator authenticator;
    private final Endpoints endpoints;

    @Activate
    public NightjarServletContext(ComponentContext context, @Reference Authenticator authenticator,
            @Reference Endpoints endpoints) {
        super(context.getUsingBundle());
        this.authenticator = authenticator;
        this.endpoints = endpoints;
    }

    /**
     * The container knows no type for WebAssembly and would send a {@code .wasm} (the recordings
     * player's decoders) without one; browsers compile WebAssembly while it downloads only when it
     * comes as {@code application/wasm}, and with {@code nosniff} they must not guess. Everything
     * else keeps the container's type.
     */
    @Override
    public @Nullable String getMimeType(String name) {
        return name.endsWith(".wasm") ? "application/wasm" : null;
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SecurityHeaders.apply(response, SecurityHeaders.NIGHTJAR_POLICY);
        // Judged on the path as the container dispatches it (decoded), never on the raw one.
        String path = Access.decodedPath(request.getRequestURI().substring(request.getContextPath().length()));
        if (path == null) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "Malformed path");
            return false;
        }
        if (path.equals(LoginServlet.PATH)) {
            return true;
        }
        AccessLevel level = endpoints.level(path, servedPattern(request));
        if (level == AccessLevel.METRICS && Access.isSafe(request.getMethod())
                && authenticator.metricsToken(request.getHeader("Authorization"))) {
            request.setAttribute(REMOTE_USER, "metrics");
            request.setAttribute(NightjarHttp.ROLE_ATTRIBUTE, NightjarHttp.METRICS_ROLE);
            return true;
        }
        Authenticator.Result result = authenticator.check(request);
        if (!(result instanceof Authenticator.Result.Authenticated authenticated)) {
            Authenticator.refuse(result, request, response);
            return false;
        }
        Account account = authenticated.account();
        SessionStore.Session session = authenticated.session();
        String method = request.getMethod();
        if (!Access.isSafe(method) && !CrossSite.mayChange(request, session)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, session != null && !CrossSite.fromAnotherSite(request)
                    ? "Missing or wrong " + NightjarHttp.CSRF_HEADER + " header"
                    : "Cross-site request refused");
            return false;
        }
        if (session != null && account.mustChangePassword() && !Access.allowedBeforePasswordChange(level)) {
            if (Authenticator.wantsPage(request)) {
                response.sendRedirect(request.getContextPath() + authenticator.passwordPage());
            } else {
                response.sendError(HttpServletResponse.SC_FORBIDDEN, "Change the generated password first");
            }
            return false;
        }
        String actionCamera = path.equals("/") && request.getParameter("action") != null
                ? String.valueOf(request.getParameter("camera") == null ? "" : request.getParameter("camera")) : null;
        String refusal = Access.refusal(account, level, method, path, actionCamera);
        if (refusal != null) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, refusal);
            return false;
        }
        request.setAttribute(REMOTE_USER, account.name());
        request.setAttribute(AUTHENTICATION_TYPE, session != null ? HttpServletRequest.FORM_AUTH
                : HttpServletRequest.BASIC_AUTH);
        request.setAttribute(NightjarHttp.ROLE_ATTRIBUTE, account.role());
        request.setAttribute(NightjarHttp.USER_ATTRIBUTE, account.toUser());
        if (!account.isAdmin()) {
            request.setAttribute(NightjarHttp.CAMERAS_ATTRIBUTE, account.cameras());
        }
        if (session != null) {
            request.setAttribute(NightjarHttp.CSRF_ATTRIBUTE, session.csrfToken());
        }
        return true;
    }

    /** The pattern by which the whiteboard chose the servlet it is about to call, when it says. */
    private static @Nullable String servedPattern(HttpServletRequest request) {
        HttpServletMapping mapping = request.getHttpServletMapping();
        return mapping == null ? null : mapping.getPattern();
    }
}
