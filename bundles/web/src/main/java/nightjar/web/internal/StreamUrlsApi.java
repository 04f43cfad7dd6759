package nightjar.web.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nightjar.api.appliance.Appliance;
import nightjar.api.http.AccessLevel;
import nightjar.api.http.NightjarAccess;
import nightjar.api.http.NightjarHttp;
import nightjar.api.onvif.OnvifService;
import nightjar.api.rtsp.RtspServer;

/**
 * {@code GET /api/stream-urls} (admins only): the addresses to copy into an NVR or app, per running
 * camera its {@code rtsps://} and (when switched on) plain {@code rtsp://} URL, from the RTSP server's
 * service while it runs, and ONVIF's device service URL while the ONVIF service says where. The host is the one the admin's browser reached the appliance by (it works
 * from that network), else the appliance's host name.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("nightjar.web.stream-urls")
@HttpWhiteboardServletPattern(StreamUrlsApi.PATH)
@HttpWhiteboardContextSelect(NightjarHttp.CONTEXT_SELECT)
@NightjarAccess(AccessLevel.ADMIN)
public final class StreamUrlsApi extends ApiServlet {
    private static final long serialVersionUID = 1L;
    static final String PATH = "/api/stream-urls";
    /** A host name or IPv4 address, or an IPv6 address in brackets: nothing that could change the URL's meaning. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})|\\[[0-9A-Fa-f:.]{2,45}\\]");
    private final transient LiveServices services;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient @Nullable RtspServer rtsp;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient @Nullable Appliance appliance;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient @Nullable OnvifService onvif;

    @Activate
    public StreamUrlsApi(@Reference LiveServices services) {
        this.services = services;
    }

    @Override
    boolean adminOnly(String path, String method) {
        return true;
    }

    @Override
    void route(HttpServletRequest request, HttpServletResponse response, String path, String method)
            throws IOException, Api.Refused {
        if (!method.equals("GET")) {
            throw new Api.Refused(HttpServletResponse.SC_METHOD_NOT_ALLOWED, method + " is not allowed here");
        }
        Appliance where = appliance;
        String fallback = where == null || where.hostNames().isEmpty() ? "localhost" : where.hostNames().get(0);
        List<String[]> cameras = services.cameras().stream().map(c -> new String[] {c.id(), c.name()}).toList();
        String host = host(request.getServerName(), fallback);
        Map<String, Object> urls = urls(host, cameras, rtsp);
        // HTTPS's port as the appliance serves it; without the Appliance (no security bundle) nothing is served anyway.
        urls.put("onvif", onvif(host, where == null ? request.getServerPort() : where.httpsPort(), onvif));
        Api.ok(response, urls);
    }

    /** The host the request named, when it is a plain host name or address; else {@code fallback}. */
    static String host(@Nullable String requested, String fallback) {
        if (requested == null) {
            return fallback;
        }
        String host = requested.indexOf(':') >= 0 && !requested.startsWith("[") ? "[" + requested + "]" : requested;
        return HOST.matcher(host).matches() ? host : fallback;
    }

    /**
     * The answer: {@code rtsp} says whether the RTSP server runs, {@code rtspsPort}/{@code rtspPort} its
     * ports (null when off), and each camera's {@code id}, {@code name}, {@code rtsps} and {@code rtsp}
     * URLs (null when that transport is off or the server is not running).
     *
     * @param cameras each camera's id and name
     */
    static Map<String, Object> urls(String host, List<String[]> cameras, @Nullable RtspServer server) {
        OptionalInt tls = server == null ? OptionalInt.empty() : server.tlsPort();
        OptionalInt plain = server == null ? OptionalInt.empty() : server.plainPort();
        List<Object> perCamera = new ArrayList<>();
        for (String[] camera : cameras) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", camera[0]);
            json.put("name", camera[1]);
            json.put("rtsps", url("rtsps", host, tls, camera[0]));
            json.put("rtsp", url("rtsp", host, plain, camera[0]));
            perCamera.add(json);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("host", host);
        json.put("rtsp", server != null);
        json.put("rtspsPort", tls.isPresent() ? tls.getAsInt() : null);
        json.put("rtspPort", plain.isPresent() ? plain.getAsInt() : null);
        json.put("cameras", perCamera);
        return json;
    }

    /**
     * ONVIF's device service URLs: {@code https} (null when ONVIF is off over HTTPS) and {@code http}
     * (null unless plain HTTP is on); the whole is null while no ONVIF service runs.
     */
    static @Nullable Map<String, Object> onvif(String host, int httpsPort, @Nullable OnvifService service) {
        if (service == null) {
            return null;
        }
        OptionalInt plain = service.plainPort();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("https", service.https() ? "https://" + host + ":" + httpsPort + OnvifService.DEVICE_SERVICE_PATH : null);
        json.put("http", plain.isPresent() ? "http://" + host + ":" + plain.getAsInt() + OnvifService.DEVICE_SERVICE_PATH
                : null);
        return json;
    }

    private static @Nullable String url(String scheme, String host, OptionalInt port, String cameraId) {
        return port.isPresent() ? scheme + "://" + host + ":" + port.getAsInt() + RtspServer.path(cameraId) : null;
    }
}
