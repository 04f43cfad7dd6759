package nightjar.onvif.internal;

import org.osgi.framework.Bundle;
import org.osgi.service.servlet.context.ServletContextHelper;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The servlet context of ONVIF's SOAP services, at {@code /onvif} on the appliance's HTTPS port. Not the
 * Nightjar context: that one lets nothing through without an account's session or HTTP Basic, which
 * ONVIF clients do not send; they authenticate every SOAP request inside it, with a WS-UsernameToken of
 * the device credential, which {@link SoapEndpoint} checks (and some operations ONVIF makes public).
 * So this context lets every request reach the servlet, and the servlet decides.
 */
final class OnvifContext extends ServletContextHelper {
    static final String NAME = "nightjar.onvif";
    static final String PATH = "/onvif";
    static final String SELECT = "(osgi.http.whiteboard.context.name=" + NAME + ")";

    OnvifContext(Bundle bundle) {
        super(bundle);
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) {
        return true;
    }
}
