package nightjar.web.internal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nightjar.api.http.NightjarHttp;

/** A request as the servlet context hands it on (path, method, role) and a response that keeps what is written. */
final class FakeHttp {
    final Map<String, String> headers = new HashMap<>();
    final StringWriter body = new StringWriter();
    int status = 200;
    final HttpServletResponse response;

    FakeHttp() {
        PrintWriter writer = new PrintWriter(body);
        response = (HttpServletResponse) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "setStatus" -> {
                        status = (Integer) args[0];
                        yield null;
                    }
                    case "setHeader" -> {
                        headers.put((String) args[0], (String) args[1]);
                        yield null;
                    }
                    case "getWriter" -> writer;
                    default -> null;
                });
    }

    static HttpServletRequest request(String method, String path, String role, String serverName) {
        return (HttpServletRequest) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getServletPath" -> path;
                    case "getServerName" -> serverName;
                    case "getServerPort" -> 8443;
                    case "getAttribute" -> NightjarHttp.ROLE_ATTRIBUTE.equals(args[0]) ? role : null;
                    default -> null;
                });
    }

    String body() {
        return body.toString();
    }
}
