package nightjar.web.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nightjar.api.http.AccessLevel;
import nightjar.api.http.NightjarAccess;
import nightjar.api.http.NightjarHttp;
import nightjar.api.security.DeviceCredential;

/**
 * For admins, the device credential that plain RTSP and ONVIF clients log in with:
 * {@code GET /api/device-credential} its name, {@code GET /api/device-credential/secret} the name and
 * the secret (asked for only when the admin wants to see or copy it), {@code POST
 * /api/device-credential/rotate} a new secret, which it answers with. The servlet context refuses
 * others and cross-site changes; answers are never cached ({@link Api#send}).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("nightjar.web.device-credential")
@HttpWhiteboardServletPattern({"/api/device-credential", "/api/device-credential/*"})
@HttpWhiteboardContextSelect(NightjarHttp.CONTEXT_SELECT)
@NightjarAccess(AccessLevel.ADMIN)
public final class DeviceCredentialApi extends ApiServlet {
    private static final long serialVersionUID = 1L;
    static final String PATH = "/api/device-credential";
    private final transient DeviceCredential credential;

    @Activate
    public DeviceCredentialApi(@Reference DeviceCredential credential) {
        this.credential = credential;
    }

    @Override
    boolean adminOnly(String path, String method) {
        return true;
    }

    @Override
    void route(HttpServletRequest request, HttpServletResponse response, String path, String method)
            throws IOException, Api.Refused {
        String wanted = method + " " + path;
        switch (wanted) {
            case "GET " + PATH -> Api.ok(response, Map.of("username", credential.username()));
            case "GET " + PATH + "/secret" -> Api.ok(response, json(credential.username(), credential.secret()));
            case "POST " + PATH + "/rotate" -> {
                String secret = credential.rotate();
                Api.ok(response, json(credential.username(), secret));
            }
            default -> {
                boolean known = path.equals(PATH) || path.equals(PATH + "/secret") || path.equals(PATH + "/rotate");
                throw new Api.Refused(known ? HttpServletResponse.SC_METHOD_NOT_ALLOWED : HttpServletResponse.SC_NOT_FOUND,
                        known ? method + " is not allowed here" : "No such call: " + wanted);
            }
        }
    }

    private static Map<String, Object> json(String username, String secret) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("username", username);
        json.put("secret", secret);
        return json;
    }
}
