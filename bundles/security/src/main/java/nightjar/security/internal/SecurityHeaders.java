package nightjar.security.internal;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Headers on every response, set before the request is even authenticated so that refusals (401,
 * 403, 400, 429) carry them too: HSTS (the browser uses HTTPS only, for a year), no framing by other
 * sites, no MIME sniffing, no referrer to other sites, and a content security policy.
 */
final class SecurityHeaders {
    /** Nightjar's own pages: only this server's scripts, styles, pictures and videos. */
    static final String NIGHTJAR_POLICY = "default-src 'self'; img-src 'self' blob: data:; media-src 'self'; "
            + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";
    /**
     * The Felix web console writes inline scripts, inline event handlers and inline styles into its
     * pages, so it needs {@code 'unsafe-inline'} for both, and its table sorter builds its sort
     * function as a string ({@code 'unsafe-eval'}); everything still comes from this server only, and
     * nothing may frame it, take its forms elsewhere or load plugins.
     */
    static final String CONSOLE_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; "
            + "base-uri 'self'; object-src 'none'";

    private SecurityHeaders() {
    }

    static void apply(HttpServletResponse response, String contentSecurityPolicy) {
        response.setHeader("Strict-Transport-Security", "max-age=31536000");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        // Not no-referrer: with it browsers send "Origin: null" on our own form posts, which the CSRF check refuses.
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("Content-Security-Policy", contentSecurityPolicy);
    }
}
