package nightjar.web.internal;

import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

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
import nightjar.api.security.User;
import nightjar.api.security.UserDirectory;

/**
 * For admins, {@code /api/users}:
 * {@code GET} the list, {@code POST} {@code {name, password, role, cameras}} a new user,
 * {@code PUT /api/users/<name>} {@code {cameras}}, {@code POST /api/users/<name>/password}
 * {@code {password}} (a reset, to be changed at next login), {@code DELETE /api/users/<name>}.
 * (The account's own calls are {@link MeApi}.) A user can be given only
 * cameras that exist: configured ({@code nightjar.camera} configurations) or running (Camera
 * services); another id is a 400 naming it.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("nightjar.web.users")
@HttpWhiteboardServletPattern({"/api/users", "/api/users/*"})
@HttpWhiteboardContextSelect(NightjarHttp.CONTEXT_SELECT)
@NightjarAccess(AccessLevel.ADMIN)
public final class UsersApi extends ApiServlet {
    private static final long serialVersionUID = 1L;
    private final transient UserDirectory users;
    private final transient LiveServices services;
    private final transient ConfigurationAdmin configurationAdmin;

    @Activate
    public UsersApi(@Reference UserDirectory users, @Reference LiveServices services,
            @Reference ConfigurationAdmin configurationAdmin) {
        this.users = users;
        this.services = services;
        this.configurationAdmin = configurationAdmin;
    }

    @Override
    void route(HttpServletRequest request, HttpServletResponse response, String path, String method)
            throws IOException, Api.Refused {
        if (path.equals("/api/users") && method.equals("GET")) {
            Api.ok(response, users.users().stream().map(UsersApi::json).toList());
        } else if (path.equals("/api/users") && method.equals("POST")) {
            Map<String, Object> body = Api.body(request, Set.of("name", "password", "role", "cameras"));
            String name = Api.string(body, "name");
            users.add(name, Api.string(body, "password"), Api.string(body, "role"), cameras(body));
            Api.send(response, HttpServletResponse.SC_CREATED, json(users.user(name).orElseThrow()));
        } else if (path.startsWith("/api/users/")) {
            user(request, response, path.substring("/api/users/".length()), method);
        } else {
            throw new Api.Refused(HttpServletResponse.SC_NOT_FOUND, "No such call: " + method + " " + path);
        }
    }

    private void user(HttpServletRequest request, HttpServletResponse response, String rest, String method)
            throws IOException, Api.Refused {
        boolean password = rest.endsWith("/password");
        String name = password ? rest.substring(0, rest.length() - "/password".length()) : rest;
        Optional<User> user = users.user(name);
        if (user.isEmpty()) {
            throw new Api.Refused(HttpServletResponse.SC_NOT_FOUND, "No user '" + name + "'");
        }
        if (password && method.equals("POST")) {
            users.resetPassword(name, Api.string(Api.body(request, Set.of("password")), "password"));
            Api.ok(response, json(users.user(name).orElseThrow()));
        } else if (!password && method.equals("PUT")) {
            users.setCameras(name, cameras(Api.body(request, Set.of("cameras"))));
            Api.ok(response, json(users.user(name).orElseThrow()));
        } else if (!password && method.equals("DELETE")) {
            if (name.equals(Api.user(request))) {
                throw new Api.Refused(HttpServletResponse.SC_CONFLICT, "You cannot remove yourself");
            }
            users.remove(name);
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        } else if (!password && method.equals("GET")) {
            Api.ok(response, json(user.get()));
        } else {
            throw new Api.Refused(HttpServletResponse.SC_METHOD_NOT_ALLOWED, method + " is not allowed here");
        }
    }

    /** The body's cameras, each one that exists. */
    private Set<String> cameras(Map<String, Object> body) throws IOException, Api.Refused {
        Set<String> cameras = Api.strings(body, "cameras");
        if (!cameras.isEmpty()) {
            checkCameras(cameras, knownCameras());
        }
        return cameras;
    }

    /** The ids of the configured cameras and of the running ones (a camera being set up may be either first). */
    private Set<String> knownCameras() throws IOException {
        Set<String> known = new TreeSet<>();
        services.cameras().forEach(camera -> known.add(camera.id()));
        try {
            Configuration[] configured = configurationAdmin.listConfigurations("(service.factoryPid=nightjar.camera)");
            for (Configuration configuration : configured == null ? new Configuration[0] : configured) {
                known.add(SettingsApi.instanceName("nightjar.camera", configuration));
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // a constant filter
        }
        return known;
    }

    /** @throws Api.Refused 400 naming the cameras that are not among the known ones */
    static void checkCameras(Collection<String> requested, Set<String> known) throws Api.Refused {
        Set<String> unknown = new TreeSet<>(requested);
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new Api.Refused(HttpServletResponse.SC_BAD_REQUEST, "No camera " + String.join(", ", unknown)
                    + " (the cameras are: " + (known.isEmpty() ? "none" : String.join(", ", new TreeSet<>(known))) + ")");
        }
    }

    static Map<String, Object> json(User user) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", user.name());
        json.put("role", user.role());
        json.put("cameras", user.cameras().stream().sorted().toList());
        json.put("mustChangePassword", user.mustChangePassword());
        return json;
    }
}
