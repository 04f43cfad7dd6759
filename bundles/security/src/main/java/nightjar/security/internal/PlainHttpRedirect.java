package nightjar.security.internal;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.Preprocessor;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Plain HTTP, when {@code httpPort} opens it, only redirects to HTTPS: a preprocessor runs before
 * any servlet context (the web console's too), so nothing is served unencrypted. The redirect keeps
 * the path, and the host name the browser used when it is one of the device's own (its host name,
 * {@code <host>.local}, localhost, {@code hostNames}); any other {@code Host} header is not echoed
 * (it may be an attacker's), the address the request came in on is used instead.
 */
@Component(service = Preprocessor.class)
public final class PlainHttpRedirect implements Preprocessor {
    private final HttpsComponent https;

    @Activate
    public PlainHttpRedirect(@Reference HttpsComponent https) {
        this.https = https;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.isSecure() || !(request instanceof HttpServletRequest http)
                || !(response instanceof HttpServletResponse answer)) {
            chain.doFilter(request, response);
            return;
        }
        answer.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
        String host = known(http.getServerName(), https.hostNames()) ? http.getServerName() : http.getLocalAddr();
        String query = http.getQueryString();
        answer.setHeader("Location", target(host, https.httpsPort(), http.getRequestURI() + (query == null ? "" : "?" + query)));
        answer.setContentLength(0);
    }

    static boolean known(String host, java.util.List<String> names) {
        return names.stream().anyMatch(host::equalsIgnoreCase);
    }

    static String target(String host, int port, String path) {
        String name = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "https://" + name + (port == 443 ? "" : ":" + port) + (path.startsWith("/") ? path : "/");
    }
}
