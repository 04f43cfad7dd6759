package nightjar.web.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nightjar.api.http.AccessLevel;
import nightjar.api.http.NightjarAccess;
import nightjar.api.http.NightjarHttp;
import nightjar.api.security.UserDirectory;

/**
 * The signed-in account's own calls, open to every account (also before a generated password is
 * replaced): {@code GET /api/me} (who is logged in, the CSRF token, whether the password must be
 * changed) and {@code POST /api/me/password} {@code {current, password}}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("nightjar.web.me")
@HttpWhiteboardServletPattern({"/api/me", "/api/me/*"})
@HttpWhiteboardContextSelect(NightjarHttp.CONTEXT_SELECT)
@NightjarAccess(AccessLevel.USER)
public final class MeApi extends ApiServlet {
    private static final long serialVersionUID = 1L;
    private final transient UserDirectory users;

    @Activate
    public MeApi(@Reference UserDirectory users) {
        this.users = users;
    }

    @Override
    void route(HttpServletRequest request, HttpServletResponse response, String path, String method)
            throws IOException, Api.Refused {
        if (path.equals("/api/me") && method.equals("GET")) {
            me(request, response);
        } else if (path.equals("/api/me/password") && method.equals("POST")) {
            Map<String, Object> body = Api.body(request, Set.of("current", "password"));
            switch (users.changePassword(Api.user(request), Api.string(body, "current"), Api.string(body, "password"),
                    request.getRemoteAddr())) {
                case CHANGED -> Api.ok(response, Map.of("changed", true, "login", true));
                case WRONG_PASSWORD -> throw new Api.Refused(HttpServletResponse.SC_FORBIDDEN,
                        "The current password is wrong");
                case THROTTLED -> {
                    response.setHeader("Retry-After", "60");
                    throw new Api.Refused(429, "Too many failed passwords from this address; try again later");
                }
                case BUSY -> {
                    response.setHeader("Retry-After", "2");
                    throw new Api.Refused(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Too many logins at once; try again");
                }
            }
        } else {
            throw new Api.Refused(HttpServletResponse.SC_NOT_FOUND, "No such call: " + method + " " + path);
        }
    }

    private void me(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // The account as the users list shows it; the name and role as this request was let in.
        Map<String, Object> me = users.user(Api.user(request)).map(UsersApi::json).orElseGet(LinkedHashMap::new);
        me.put("name", Api.user(request));
        me.put("role", request.getAttribute(NightjarHttp.ROLE_ATTRIBUTE));
        me.putIfAbsent("cameras", List.of());
        me.putIfAbsent("mustChangePassword", false);
        me.put("csrfToken", request.getAttribute(NightjarHttp.CSRF_ATTRIBUTE));
        Api.ok(response, me);
    }
}
