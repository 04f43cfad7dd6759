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
 * So this context lets every request reach the servlet, and the servlet decides. It sets Nightjar's
 * security headers first, so every answer, faults and refusals included, carries them: HSTS, no
 * framing, no MIME sniffing, no referrer, and a policy that lets the answers (SOAP, JPEG) load nothing.
 */
final class OnvifContext extends ServletContextHelper {
    static final String NAME = "nightjar.onvif";
    static final String PATH = "/onvif";
    static final String SELECT = "(osgi.http.whiteboard.context.name=" + NAME + ")";
    /** For the SOAP and JPEG answers, which are never pages: they may load nothing and be framed nowhere. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
            + "form-action 'none'";

    OnvifContext(Bundle bundle) {
        super(bundle);
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Strict-Transport-Security", "max-age=31536000");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        return true;
    }
}
