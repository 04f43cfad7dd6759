package nightjar.security.internal;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Headers on every response, set before the request is even authenticated so that refusals (401,
 * 403, 400, 429) carry them too: HSTS (the browser uses HTTPS only, for a year), no framing by other
 * sites, no MIME sniffing, no referrer to other sites, and a content security policy.
 */
final class SecurityHeaders {
    /**
     * SHA-256 of the style sheet text ogv.js 1.9.0 writes into its {@code <style>} element (its
     * {@code StyleManager}); the web bundle's OgvStyleHashTest checks it against the ogv.js it serves.
     */
    static final String OGV_STYLE_HASH = "sha256-DYMJe9BI8DutnQ0n7d2cWfvjuNzePK5rB+1p41jeBmw=";

    /**
     * Nightjar's own pages: only this server's scripts, styles, pictures and videos. The recordings
     * player (ogv.js, served from {@code /ui/ogv/}) decodes Theora in WebAssembly, and compiling
     * WebAssembly is blocked unless {@code script-src} has {@code 'wasm-unsafe-eval'}; it allows
     * compiling WebAssembly and nothing else (no JavaScript {@code eval}), and only this server's
     * scripts run to ask for it. Its workers are started from their same-origin URLs, so
     * {@code worker-src} (which falls back to {@code script-src}) needs no {@code blob:}. And ogv.js adds one inline style sheet of its own
     * (a {@code <style>} with a fixed text, which its later rules go into): {@code style-src} allows
     * that one text by its hash ({@link #OGV_STYLE_HASH}), no other inline style.
     */
    static final String NIGHTJAR_POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
            + "style-src 'self' '" + OGV_STYLE_HASH + "'; "
            + "img-src 'self' blob: data:; media-src 'self'; "
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
