package nightjar.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nightjar.api.http.NightjarHttp;
import nightjar.api.security.User;
import nightjar.api.security.UserDirectory;

/** {@code GET /api/me}: the account as the users list shows it, with the request's name, role and CSRF token. */
class MeApiTest {
    private static String me(String name, Optional<User> user) throws Exception {
        UserDirectory users = (UserDirectory) Proxy.newProxyInstance(MeApiTest.class.getClassLoader(),
                new Class<?>[] {UserDirectory.class}, (proxy, method, args) -> {
                    if (method.getName().equals("user")) {
                        return user;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        Map<String, Object> attributes = Map.of(NightjarHttp.ROLE_ATTRIBUTE, "viewer",
                NightjarHttp.CSRF_ATTRIBUTE, "token-1");
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(MeApiTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getServletPath" -> "/api/me";
                    case "getMethod" -> "GET";
                    case "getRemoteUser" -> name;
                    case "getAttribute" -> attributes.get((String) args[0]);
                    default -> null;
                });
        StringWriter body = new StringWriter();
        PrintWriter writer = new PrintWriter(body);
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(MeApiTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> method.getName().equals("getWriter") ? writer : null);
        new MeApi(users).service(request, response);
        writer.flush();
        return body.toString().trim();
    }

    @Test
    void anAccountSeesItselfWithItsCamerasSortedAndTheCsrfToken() throws Exception {
        assertEquals("{\"name\":\"vic\",\"role\":\"viewer\",\"cameras\":[\"back\",\"front\"],"
                + "\"mustChangePassword\":true,\"csrfToken\":\"token-1\"}",
                me("vic", Optional.of(new User("vic", "viewer", Set.of("front", "back"), true, 7))));
    }

    @Test
    void anAccountGoneFromTheDirectoryStillGetsEveryField() throws Exception {
        assertEquals("{\"name\":\"gone\",\"role\":\"viewer\",\"cameras\":[],\"mustChangePassword\":false,"
                + "\"csrfToken\":\"token-1\"}", me("gone", Optional.empty()));
    }
}
