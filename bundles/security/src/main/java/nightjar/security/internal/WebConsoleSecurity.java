package nightjar.security.internal;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.jspecify.annotations.Nullable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Guards the Felix web console with Nightjar's accounts: admins only. The distribution names this
 * provider in {@code felix.webconsole.security.providers}, so the console stays closed until it is
 * registered and its built-in default account is never used. A browser logged in to the web UI
 * (session cookie) needs no second login. The console's pages post plain forms, so a change made
 * through it is refused when it comes from another site (see {@link CrossSite}): otherwise a page
 * elsewhere could make an admin's browser install a bundle. Its responses carry the same security
 * headers as Nightjar's own, refusals included.
 */
@Component(service = SecurityProvider.class, property = SecurityProvider.PROPERTY_ID + "=" + WebConsoleSecurity.ID)
public final class WebConsoleSecurity implements SecurityProvider {
    static final String ID = "nightjar";

    private final Authenticator authenticator;

    @Activate
    public WebConsoleSecurity(@Reference Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public @Nullable Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        SecurityHeaders.apply(response, SecurityHeaders.CONSOLE_POLICY);
        Authenticator.Result result = authenticator.check(request);
        try {
            if (crossSite(request, result)) {
                response.sendError(HttpServletResponse.SC_FORBIDDEN, "Cross-site request refused");
                return null;
            }
            if (result instanceof Authenticator.Result.Authenticated authenticated) {
                if (authenticated.session() != null && authenticated.account().mustChangePassword()) {
                    response.sendRedirect(request.getContextPath() + authenticator.passwordPage());
                    return null;
                }
                if (authenticated.account().isAdmin()) {
                    return authenticated.account();
                }
                response.sendError(HttpServletResponse.SC_FORBIDDEN, "The web console is for admin accounts");
                return null;
            }
            Authenticator.refuse(result, request, response);
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A change must pass {@link CrossSite#mayChangeInConsole}. Another site may link to a console
     * page (a top-level GET navigation), but not load one into its own page or script.
     */
    static boolean crossSite(HttpServletRequest request, Authenticator.Result result) {
        if (!Access.isSafe(request.getMethod())) {
            SessionStore.Session session = result instanceof Authenticator.Result.Authenticated authenticated
                    ? authenticated.session() : null;
            return !CrossSite.mayChangeInConsole(request, session);
        }
        return CrossSite.fromAnotherSite(request) && !(request.getMethod().equals("GET")
                && "navigate".equals(request.getHeader("Sec-Fetch-Mode")));
    }

    @Override
    public boolean authorize(Object user, String role) {
        return user instanceof Account account && account.isAdmin();
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        // HTTP Basic has no server-side session to end; the browser forgets on close.
    }
}
