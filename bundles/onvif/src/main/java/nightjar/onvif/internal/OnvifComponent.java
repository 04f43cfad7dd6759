package nightjar.onvif.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;
import nightjar.api.appliance.Appliance;
import nightjar.api.camera.Camera;
import nightjar.api.event.EventProperties;
import nightjar.api.event.Topics;
import nightjar.api.onvif.OnvifService;
import nightjar.api.rtsp.RtspServer;
import nightjar.api.security.DeviceCredential;
import nightjar.tasks.SchedulerClock;
import nightjar.tasks.TaskClock;
import nightjar.tasks.Threads;

/**
 * ONVIF Profile S for NVRs and Home Assistant: the SOAP services on the appliance's HTTPS port (at
 * {@code /onvif/}, in a servlet context of their own, see {@link OnvifContext}), optionally on a plain
 * HTTP port of their own ({@link PlainHttpServer}), and WS-Discovery ({@link Discovery}); each can be
 * switched off in {@code nightjar.onvif}. Motion events of the motion bundle become ONVIF events. While
 * anything is served, an {@link OnvifService} tells the web UI where.
 */
// Immediate: the servers and discovery run from the start, not from the first motion event EventAdmin delivers.
@Component(configurationPid = OnvifComponent.PID, service = EventHandler.class, immediate = true,
        property = EventConstants.EVENT_TOPIC + "=nightjar/motion/*")
@Designate(ocd = OnvifComponent.Config.class)
public final class OnvifComponent implements EventHandler, Onvif {
    static final String PID = "nightjar.onvif";
    private static final Logger LOG = LoggerFactory.getLogger(OnvifComponent.class);

    @ObjectClassDefinition(name = "Nightjar ONVIF", description = "ONVIF Profile S (device, media, motion events) "
            + "for NVRs and Home Assistant, authenticated with the device credential (WS-UsernameToken).")
    public @interface Config {
        @AttributeDefinition(name = "ONVIF over HTTPS", description = "Serve ONVIF at /onvif/device_service on the "
                + "appliance's HTTPS port.")
        boolean https() default true;

        @AttributeDefinition(name = "ONVIF over plain HTTP", description = "Also serve ONVIF unencrypted on its own "
                + "port, for clients that cannot do HTTPS (Home Assistant, Frigate, Synology). Only password digests "
                + "are taken there, never the secret itself; what is answered is readable on the network.")
        boolean http() default false;

        @AttributeDefinition(name = "Plain HTTP port", description = "The port of ONVIF over plain HTTP (1024 to "
                + "65535).", min = "1024", max = "65535")
        int httpPort() default 8000;

        @AttributeDefinition(name = "WS-Discovery", description = "Answer ONVIF discovery (UDP 3702 multicast) and "
                + "announce the appliance on the local network.")
        boolean discovery() default true;

        @AttributeDefinition(name = "Event subscriptions", description = "PullPoint subscriptions that may exist at "
                + "once.", min = "1", max = "100")
        int maxSubscriptions() default 10;
    }

    private final Appliance appliance;
    private final DeviceCredential credential;
    private final Map<String, Camera> cameras = new ConcurrentSkipListMap<>();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile @Nullable RtspServer rtsp;
    private final MotionStates motion = new MotionStates();
    private final PullPoints pullPoints;
    /** The thread of the PullPoints' timeouts. */
    private final ScheduledThreadPoolExecutor events;
    private final String endpointReference;
    private final String version;
    private final int plainHttpPort;
    private final boolean httpsServed;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private @Nullable PlainHttpServer plainHttp;
    private @Nullable Discovery discovery;

    @Activate
    public OnvifComponent(BundleContext context, Config config, @Reference Appliance appliance,
            @Reference DeviceCredential credential) throws IOException {
        if (config.maxSubscriptions() < 1 || config.maxSubscriptions() > 100) {
            throw new IllegalArgumentException("maxSubscriptions = " + config.maxSubscriptions() + " must be 1 to 100");
        }
        if (config.http() && (config.httpPort() < 1024 || config.httpPort() > 65535)) {
            throw new IllegalArgumentException("httpPort = " + config.httpPort() + " must be 1024 to 65535");
        }
        this.appliance = appliance;
        this.credential = credential;
        this.endpointReference = endpointReference(appliance.dataDirectory().resolve("onvif"));
        this.events = Threads.scheduler("nightjar-onvif-events");
        this.version = context.getBundle().getVersion().toString();
        httpsServed = config.https();
        try {
            TaskClock clock = new SchedulerClock(events, Clock.systemUTC());
            this.pullPoints = new PullPoints(clock, config.maxSubscriptions());
            SoapEndpoint endpoint = new SoapEndpoint(this, pullPoints, motion, clock);
            if (config.https()) {
                registerServlet(context, endpoint);
            }
            if (config.http()) {
                try {
                    plainHttp = PlainHttpServer.start(config.httpPort(), endpoint);
                    LOG.info("ONVIF over plain HTTP on port {}", config.httpPort());
                } catch (IOException e) {
                    LOG.error("ONVIF over plain HTTP cannot listen on port {}: {}", config.httpPort(), e.getMessage());
                }
            }
            PlainHttpServer started = plainHttp;
            plainHttpPort = started == null ? 0 : started.port();
            if (config.https() || started != null) {
                ServedAddresses served = new ServedAddresses(config.https(),
                        started == null ? OptionalInt.empty() : OptionalInt.of(started.port()));
                registrations.add(context.registerService(OnvifService.class, served, served.properties()));
            }
            if (config.discovery() && (config.https() || started != null)) {
                DiscoveryMessages messages = new DiscoveryMessages(endpointReference, Scopes.of(this),
                        System.currentTimeMillis() / 1000);
                try {
                    discovery = Discovery.start(messages, this::deviceServiceAddresses);
                } catch (IOException e) {
                    LOG.error("ONVIF discovery cannot listen on UDP {}: {}", Discovery.PORT, e.getMessage());
                }
            }
        } catch (RuntimeException e) {
            // DS does not deactivate a component whose activation failed: release what was started so far.
            stopStarted();
            throw e;
        }
    }

    private void registerServlet(BundleContext context, SoapEndpoint endpoint) {
        Dictionary<String, Object> contextProperties = new Hashtable<>(Map.of(
                HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME, OnvifContext.NAME,
                HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_PATH, OnvifContext.PATH));
        registrations.add(context.registerService(ServletContextHelper.class, new OnvifContext(context.getBundle()),
                contextProperties));
        Dictionary<String, Object> servletProperties = new Hashtable<>(Map.of(
                HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "nightjar.onvif",
                HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, "/*",
                HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT, OnvifContext.SELECT,
                HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ASYNC_SUPPORTED, true));
        registrations.add(context.registerService(Servlet.class, new OnvifServlet(endpoint, new Snapshots(this)),
                servletProperties));
    }

    @Deactivate
    void deactivate() {
        // Waiting pulls are answered first, so that no request of ours holds the servlet's unregistration.
        pullPoints.close();
        stopStarted();
    }

    /** Stops what the constructor started (each part may not have been). */
    private void stopStarted() {
        Discovery running = discovery;
        if (running != null) {
            running.close();
        }
        PlainHttpServer server = plainHttp;
        if (server != null) {
            server.close();
        }
        registrations.forEach(ServiceRegistration::unregister);
        Threads.stopNow(events, Duration.ofSeconds(5));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCamera(Camera camera) {
        cameras.put(camera.id(), camera);
    }

    void removeCamera(Camera camera) {
        cameras.remove(camera.id(), camera);
    }

    @Override
    public void handleEvent(Event event) {
        boolean started = Topics.MOTION_STARTED.equals(event.getTopic());
        if (!started && !Topics.MOTION_ENDED.equals(event.getTopic())
                || !(event.getProperty(EventProperties.CAMERA) instanceof String camera)) {
            return;
        }
        motion.set(camera, started);
        pullPoints.publish(new PullPoints.Message(pullPoints.now(), camera, started, false));
    }

    /** The device service's addresses for a client that reaches us by this address. */
    private String deviceServiceAddresses(InetAddress local) {
        Request https = new Request(DEVICE_PATH, new byte[0], true, local.getHostAddress());
        Request http = new Request(DEVICE_PATH, new byte[0], false, local.getHostAddress());
        List<String> addresses = new ArrayList<>();
        if (httpsServed) {
            addresses.add(https.serviceUrl(this, DEVICE_PATH));
        }
        if (plainHttpPort > 0) {
            addresses.add(http.serviceUrl(this, DEVICE_PATH));
        }
        return String.join(" ", addresses);
    }

    /** The device's UUID, made once and kept in the data directory, so NVRs know it again after a restart. */
    private static String endpointReference(Path directory) throws IOException {
        Path file = directory.resolve("uuid");
        if (Files.exists(file)) {
            String kept = Files.readString(file).trim();
            try {
                return "urn:uuid:" + UUID.fromString(kept);
            } catch (IllegalArgumentException e) {
                LOG.warn("{} holds no UUID: a new one is made", file);
            }
        }
        Files.createDirectories(directory);
        UUID made = UUID.randomUUID();
        Path temporary = directory.resolve("uuid.tmp");
        Files.writeString(temporary, made + "\n");
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return "urn:uuid:" + made;
    }

    @Override
    public List<Camera> cameras() {
        return List.copyOf(cameras.values());
    }

    @Override
    public @Nullable RtspServer rtsp() {
        return rtsp;
    }

    @Override
    public DeviceCredential credential() {
        return credential;
    }

    @Override
    public int httpsPort() {
        return appliance.httpsPort();
    }

    @Override
    public boolean httpsServed() {
        return httpsServed;
    }

    @Override
    public int plainHttpPort() {
        return plainHttpPort;
    }

    @Override
    public String endpointReference() {
        return endpointReference;
    }

    @Override
    public String hostName() {
        return appliance.hostNames().get(0);
    }

    @Override
    public String version() {
        return version;
    }

}
