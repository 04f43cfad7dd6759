package nightjar.security.internal;

import java.io.IOException;
import java.util.Locale;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.Preprocessor;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * TRACE (and Microsoft's TRACK) get 405 everywhere, before any servlet context, so before
 * authentication too: a servlet's default TRACE echoes the request with its {@code Authorization}
 * and {@code Cookie} headers, which is what cross-site tracing reads. Nothing of Nightjar uses
 * either method. Ranked first, so plain HTTP refuses them too rather than redirecting them.
 */
@Component(service = Preprocessor.class, property = Constants.SERVICE_RANKING + ":Integer=100")
public final class TraceRefusal implements Preprocessor {
    static final String ALLOWED = "GET, HEAD, POST, PUT, DELETE, OPTIONS";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse answer
                && refused(http.getMethod())) {
            SecurityHeaders.apply(answer, SecurityHeaders.NIGHTJAR_POLICY);
            answer.setHeader("Allow", ALLOWED);
            answer.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "TRACE and TRACK are not served");
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean refused(String method) {
        String upper = method.toUpperCase(Locale.ROOT);
        return upper.equals("TRACE") || upper.equals("TRACK");
    }
}
