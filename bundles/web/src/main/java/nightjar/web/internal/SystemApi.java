package nightjar.web.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nightjar.api.appliance.Appliance;
import nightjar.api.config.ComponentHealth;
import nightjar.api.config.ComponentProblem;
import nightjar.api.event.EventProperties;
import nightjar.api.http.AccessLevel;
import nightjar.api.http.NightjarAccess;
import nightjar.api.http.NightjarHttp;

/**
 * {@code GET /api/system} (admins only): version, uptime, CPU temperature, disk and JVM memory,
 * every bundle's state, the Nightjar components down because of their configuration
 * ({@link ComponentHealth}), and the last {@value #RECENT} Nightjar events (motion, recording, camera
 * state, illumination, storage), which this component keeps as an event handler.
 */
@Component(service = {Servlet.class, EventHandler.class}, property = EventConstants.EVENT_TOPIC + "=nightjar/*")
@HttpWhiteboardServletName("nightjar.web.system")
@HttpWhiteboardServletPattern("/api/system")
@HttpWhiteboardContextSelect(NightjarHttp.CONTEXT_SELECT)
@NightjarAccess(AccessLevel.ADMIN)
public final class SystemApi extends HttpServlet implements EventHandler {
    static final int RECENT = 50;
    private static final long serialVersionUID = 1L;
    private static final String[] STATES = {"UNINSTALLED", "INSTALLED", "RESOLVED", "STARTING", "STOPPING", "ACTIVE"};
    private static final Path THERMAL = Path.of("/sys/class/thermal/thermal_zone0/temp");

    private final transient BundleContext context;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile transient @Nullable ComponentHealth health;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile transient @Nullable Appliance appliance;
    private final transient Deque<Map<String, Object>> events = new ArrayDeque<>();

    @Activate
    public SystemApi(BundleContext context) {
        this.context = context;
    }

    @Override
    public void handleEvent(Event event) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("time", Instant.now().toString());
        json.put("topic", event.getTopic());
        for (String name : new String[] {EventProperties.CAMERA, "state", "reason", "mode", "message"}) {
            Object value = event.getProperty(name);
            if (value != null) {
                json.put(name, value.toString());
            }
        }
        // Camera state events come once a second per camera while nothing changes: keep only changes.
        synchronized (events) {
            Map<String, Object> last = events.peekLast();
            if (last != null && sameApartFromTime(last, json)) {
                return;
            }
            events.addLast(json);
            while (events.size() > RECENT) {
                events.removeFirst();
            }
        }
    }

    private static boolean sameApartFromTime(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> x = new LinkedHashMap<>(a);
        Map<String, Object> y = new LinkedHashMap<>(b);
        x.remove("time");
        y.remove("time");
        return x.equals(y);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Object> system = new LinkedHashMap<>();
        system.put("version", context.getBundle().getVersion().toString());
        system.put("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
        system.put("cpuTemperature", temperature());
        system.put("disk", disk());
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        system.put("memory", Map.of("heapUsedBytes", heap.getUsed(), "heapMaxBytes", heap.getMax()));
        List<Object> bundles = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            int state = Integer.numberOfTrailingZeros(bundle.getState());
            bundles.add(Map.of("id", bundle.getBundleId(), "name", String.valueOf(bundle.getSymbolicName()),
                    "version", bundle.getVersion().toString(), "state", state < STATES.length ? STATES[state] : "?"));
        }
        system.put("bundles", bundles);
        ComponentHealth presentHealth = health;
        system.put("components", presentHealth == null ? List.of()
                : presentHealth.problems().stream().map(SystemApi::json).toList());
        synchronized (events) {
            List<Object> recent = new ArrayList<>(events);
            java.util.Collections.reverse(recent);
            system.put("events", recent);
        }
        Api.ok(response, system);
    }

    private static Map<String, Object> json(ComponentProblem problem) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("component", problem.component());
        json.put("configuration", problem.configuration());
        json.put("state", problem.state());
        json.put("message", problem.message());
        return json;
    }

    /** Degrees Celsius, or null where the board does not say. */
    static @Nullable Double temperature() {
        try {
            return Math.round(Long.parseLong(Files.readString(THERMAL).trim()) / 100.0) / 10.0;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private Map<String, Object> disk() {
        Appliance where = appliance;
        Path path = where == null ? Path.of(".") : where.dataDirectory();
        try {
            FileStore store = Files.getFileStore(path);
            return Map.of("path", path.toAbsolutePath().toString(), "freeBytes", store.getUsableSpace(),
                    "totalBytes", store.getTotalSpace());
        } catch (IOException e) {
            return Map.of("path", path.toString(), "error", String.valueOf(e.getMessage()));
        }
    }
}
