package nightjar.security.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nightjar.api.http.AccessLevel;
import nightjar.api.http.NightjarAccess;
import nightjar.api.http.NightjarHttp;

/**
 * The browser's login form ({@code GET /login}), its check ({@code POST /login}, form-encoded
 * {@code name}, {@code password}, {@code next}) and {@code POST /logout}. A login sets the session
 * cookie ({@code Secure; HttpOnly; SameSite=Strict}, no expiry: it ends with the browser or the
 * session's timeouts). {@code /login} is the one Nightjar path served without an account.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("nightjar.login")
@HttpWhiteboardServletPattern({LoginServlet.PATH, LoginServlet.LOGOUT_PATH})
@HttpWhiteboardContextSelect(NightjarHttp.CONTEXT_SELECT)
@NightjarAccess(AccessLevel.USER)
public final class LoginServlet extends HttpServlet {
    static final String PATH = "/login";
    static final String LOGOUT_PATH = "/logout";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LoginServlet.class);
    private static final int MAX_FORM_BYTES = 4096;
    /** One slash, then a path of URL characters, then an optional query and fragment. */
    private static final Pattern SAFE_NEXT = Pattern.compile("/(?![/\\\\])[A-Za-z0-9._~!$&'()*+,;=:@%/?#-]{0,512}");

    private final transient Authenticator authenticator;

    @Activate
    public LoginServlet(@Reference Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!request.getServletPath().equals(PATH)) {
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Log out with POST");
            return;
        }
        page(response, "", safeNext(request.getParameter("next")));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getServletPath().equals(LOGOUT_PATH)) {
            String id = Authenticator.sessionId(request);
            if (id != null) {
                authenticator.sessions().end(id);
            }
            response.addHeader("Set-Cookie", cookie("", 0));
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        String type = request.getContentType();
        if (type == null || !type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            response.sendError(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "Send the login form");
            return;
        }
        if (request.getContentLengthLong() > MAX_FORM_BYTES) {
            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "Login form too large");
            return;
        }
        if (CrossSite.fromAnotherSite(request)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "Cross-site login refused");
            return;
        }
        String name = request.getParameter("name");
        String password = request.getParameter("password");
        if (name == null || password == null) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "name and password are required");
            return;
        }
        Authenticator.Result result = authenticator.login(name, password, request.getRemoteAddr());
        if (result instanceof Authenticator.Result.Authenticated authenticated) {
            Account account = authenticated.account();
            SessionStore.Session session = authenticator.startSession(Authenticator.sessionId(request), account);
            response.addHeader("Set-Cookie", cookie(session.id(), -1));
            LOG.info("{} logged in from {}", account.name(), request.getRemoteAddr());
            String next = account.mustChangePassword() ? authenticator.passwordPage() : safeNext(request.getParameter("next"));
            response.sendRedirect(request.getContextPath() + next);
        } else if (result instanceof Authenticator.Result.Rejected) {
            LOG.info("Failed login as '{}' from {}", name.replaceAll("[^A-Za-z0-9._-]", "?"), request.getRemoteAddr());
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            page(response, "Wrong name or password.", safeNext(request.getParameter("next")));
        } else {
            Authenticator.refuse(result, request, response);
        }
    }

    /**
     * A path on this server to go to after the login, in a strict character set: browsers strip
     * tabs and line breaks from a URL and read a backslash as a slash, so {@code /\t/evil.example}
     * would leave for another site (an open redirect). Anything else goes to the start page.
     */
    static String safeNext(@Nullable String next) {
        if (next == null || !SAFE_NEXT.matcher(next).matches() || next.startsWith(PATH) || !Access.wellFormed(next)) {
            return "/";
        }
        return next;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    static String cookie(String value, int maxAge) {
        return Authenticator.COOKIE + "=" + value + "; Path=/; Secure; HttpOnly; SameSite=Strict"
                + (maxAge >= 0 ? "; Max-Age=" + maxAge : "");
    }

    private static void page(HttpServletResponse response, String message, String next) throws IOException {
        response.setContentType("text/html");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Security-Policy", "default-src 'self'; style-src 'unsafe-inline'; "
                + "frame-ancestors 'none'; form-action 'self'");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.getWriter().write("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Nightjar login</title>"
                + "<style>body{font-family:system-ui,sans-serif;background:#14161a;color:#e8e8e8;display:flex;"
                + "justify-content:center;margin-top:12vh}form{background:#1f232a;padding:2em;border-radius:8px;"
                + "width:min(20em,85vw)}label,input,button{display:block;width:100%;box-sizing:border-box}"
                + "input{margin:.3em 0 1em;padding:.6em;font-size:1em}button{padding:.7em;font-size:1em;"
                + "background:#3b82f6;color:#fff;border:0;border-radius:4px}p{color:#f87171}</style></head><body>"
                + "<form method=\"post\" action=\"login\"><h1>Nightjar</h1><p id=\"message\">" + message + "</p>"
                + "<label for=\"name\">User name</label><input id=\"name\" name=\"name\" autocomplete=\"username\" "
                + "autocapitalize=\"none\" required><label for=\"password\">Password</label><input id=\"password\" "
                + "name=\"password\" type=\"password\" autocomplete=\"current-password\" required>"
                + "<input type=\"hidden\" name=\"next\" value=\"" + escape(next) + "\"><button type=\"submit\">Log in</button></form>"
                + "</body></html>");
    }
}
