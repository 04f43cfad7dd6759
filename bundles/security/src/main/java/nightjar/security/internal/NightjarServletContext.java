package nightjar.security.internal;

import java.io.IOException;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContext;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nightjar.api.http.NightjarHttp;

/**
 * The servlet context every Nightjar endpoint selects: nothing reaches a servlet without a valid
 * account. One instance per using bundle, so resources resolve in that bundle.
 */
@Component(service = ServletContextHelper.class, scope = ServiceScope.BUNDLE)
@HttpWhiteboardContext(name = NightjarHttp.CONTEXT_NAME, path = "/")
public final class NightjarServletContext extends ServletContextHelper {
    private final Authenticator authenticator;

    @Activate
    public NightjarServletContext(ComponentContext context, @Reference Authenticator authenticator) {
        super(context.getUsingBundle());
        this.authenticator = authenticator;
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Authenticator.Result result = authenticator.check(request.getHeader("Authorization"));
        if (result instanceof Authenticator.Result.Authenticated authenticated) {
            Account account = authenticated.account();
            request.setAttribute(REMOTE_USER, account.name());
            request.setAttribute(AUTHENTICATION_TYPE, HttpServletRequest.BASIC_AUTH);
            request.setAttribute(NightjarHttp.ROLE_ATTRIBUTE, account.role());
            return true;
        }
        Authenticator.refuse(result, response);
        return false;
    }
}
