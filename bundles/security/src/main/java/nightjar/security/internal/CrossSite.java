package nightjar.security.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.jspecify.annotations.Nullable;

import jakarta.servlet.http.HttpServletRequest;
import nightjar.api.http.NightjarHttp;

/**
 * Tells a request made by our own pages from one that another site made the browser send. Browsers
 * remember HTTP Basic credentials and send them with any request to this origin, so credentials
 * alone prove nothing: a browser marks where a request comes from with {@code Sec-Fetch-Site}
 * (every current browser) and, on a state-changing request, {@code Origin}. A browser session's
 * cookie is {@code SameSite=Strict}; its requests also prove themselves with the session's CSRF token.
 */
final class CrossSite {
    private CrossSite() {
    }

    /** Whether the browser says the request was made by a page of another origin. */
    static boolean fromAnotherSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return true;
        }
        String origin = request.getHeader("Origin");
        return origin != null && !sameOrigin(origin, request);
    }

    /** Whether a browser marked the request as made by a page of this origin. */
    static boolean markedSameOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        return "same-origin".equals(request.getHeader("Sec-Fetch-Site")) || origin != null && sameOrigin(origin, request);
    }

    private static boolean sameOrigin(String origin, HttpServletRequest request) {
        String host = request.getHeader("Host");
        return host != null && origin.equalsIgnoreCase("https://" + host);
    }

    /** Whether the request carries the session's CSRF token in {@link NightjarHttp#CSRF_HEADER}. */
    static boolean carriesToken(HttpServletRequest request, SessionStore.Session session) {
        String sent = request.getHeader(NightjarHttp.CSRF_HEADER);
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                session.csrfToken().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The rule for a state-changing request to Nightjar's own endpoints: never from another site,
     * and a session's with its CSRF token (our pages send it with every change).
     */
    static boolean mayChange(HttpServletRequest request, SessionStore.@Nullable Session session) {
        return !fromAnotherSite(request) && (session == null || carriesToken(request, session));
    }

    /**
     * The rule for the Felix web console, whose pages post forms without our token: never from
     * another site; a session's change must carry the token or be marked by the browser as coming
     * from this origin.
     */
    static boolean mayChangeInConsole(HttpServletRequest request, SessionStore.@Nullable Session session) {
        return !fromAnotherSite(request)
                && (session == null || carriesToken(request, session) || markedSameOrigin(request));
    }
}
