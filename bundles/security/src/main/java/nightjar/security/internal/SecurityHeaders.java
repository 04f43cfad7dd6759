package nightjar.security.internal;

import java.io.IOException;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import nightjar.api.http.NightjarHttp;

/**
 * Headers on every Nightjar response: HSTS (the browser uses HTTPS only, for a year), no framing by
 * other sites, no MIME sniffing, no referrer to other sites, and a content security policy that allows only this
 * server's own scripts, styles, pictures and videos.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardContextSelect(NightjarHttp.CONTEXT_SELECT)
public final class SecurityHeaders implements Filter {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' blob: data:; media-src 'self'; "
            + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (response instanceof HttpServletResponse http) {
            http.setHeader("Strict-Transport-Security", "max-age=31536000");
            http.setHeader("X-Frame-Options", "DENY");
            http.setHeader("X-Content-Type-Options", "nosniff");
            // Not no-referrer: with it browsers send "Origin: null" on our own form posts, which the CSRF check refuses.
            http.setHeader("Referrer-Policy", "same-origin");
            http.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        }
        chain.doFilter(request, response);
    }
}
