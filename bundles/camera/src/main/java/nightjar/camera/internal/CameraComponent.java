package nightjar.camera.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.camera.Camera;
import nightjar.api.camera.CameraState;
import nightjar.api.event.Topics;

/**
 * One configured camera ({@code nightjar.camera~<id>}): picks its source, owns its frame hub and
 * delivery threads, and registers it as a {@link Camera} service.
 *
 * <p>The service is registered by hand rather than by DS so that the configuration (which holds
 * the remote camera's password) does not become public service properties.
 */
@Component(configurationPid = CameraComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = CameraComponent.Config.class, factory = true)
public final class CameraComponent {
    static final String PID = "nightjar.camera";
    private static final Logger LOG = LoggerFactory.getLogger(CameraComponent.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");

    @ObjectClassDefinition(name = "Nightjar camera",
            description = "One camera: where its pictures come from, their size and rate. The configuration's "
                    + "name (config/nightjar.camera-<id>.cfg) is the camera id used in URLs and MQTT topics.")
    public @interface Config {
        @AttributeDefinition(name = "Name", description = "The camera's name for people; the id when empty.")
        String name() default "";

        @AttributeDefinition(name = "Source", description = "auto (the synthetic scene while no capture device "
                + "is supported), synthetic, or the http:// or https:// URL of an MJPEG stream.")
        String source() default "auto";

        @AttributeDefinition(name = "Width", description = "Picture width in pixels.", min = "16", max = "4096")
        int width() default 640;

        @AttributeDefinition(name = "Height", description = "Picture height in pixels.", min = "16", max = "4096")
        int height() default 480;

        @AttributeDefinition(name = "Frames per second", min = "1", max = "60")
        int fps() default 15;

        @AttributeDefinition(name = "JPEG quality", min = "1", max = "100")
        int quality() default 80;

        @AttributeDefinition(name = "User name", description = "For a remote stream that asks for one.")
        String username() default "";

        @AttributeDefinition(name = "Password", description = "For a remote stream that asks for one.",
                type = AttributeType.PASSWORD)
        String password() default "";

        @AttributeDefinition(name = "Trusted certificate fingerprint", description = "SHA-256 fingerprint (hex) of "
                + "a remote stream's self-signed certificate to trust, e.g. another Nightjar's.")
        String trustFingerprint() default "";

        String webconsole_configurationFactory_nameHint() default "Camera {name} ({source})";
    }

    private final BundleContext bundleContext;
    private final String id;
    private final ExecutorService delivery;
    private final LiveCamera camera;
    private final ServiceRegistration<Camera> registration;
    private volatile @Nullable EventAdmin eventAdmin;
    private @Nullable FrameSource source;

    @Activate
    public CameraComponent(BundleContext bundleContext, Config config, Map<String, Object> properties) {
        this.bundleContext = bundleContext;
        this.id = cameraId(String.valueOf(properties.get("service.pid")));
        validate(config);
        // Listeners are short (they hand the frame on), so a few threads serve any number of them.
        this.delivery = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                Threads.named("nightjar-camera-" + id + "-delivery"));
        this.camera = new LiveCamera(id, displayName(config), config.width(), config.height(),
                new FrameHub(delivery), this::postState);
        this.source = startSource(config);
        Dictionary<String, Object> serviceProperties = new Hashtable<>();
        serviceProperties.put(Camera.ID_PROPERTY, id);
        this.registration = bundleContext.registerService(Camera.class, camera, serviceProperties);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setEventAdmin(EventAdmin admin) {
        eventAdmin = admin;
    }

    void unsetEventAdmin(EventAdmin admin) {
        if (eventAdmin == admin) {
            eventAdmin = null;
        }
    }

    @Modified
    void modified(Config config) {
        validate(config);
        camera.rename(displayName(config));
        FrameSource old = source;
        if (old != null) {
            old.close();
        }
        source = startSource(config);
        LOG.debug("Camera {} reconfigured", id);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        FrameSource old = source;
        source = null;
        if (old != null) {
            old.close();
        }
        camera.state(CameraState.STOPPED, "");
        camera.closeSubscriptions();
        delivery.shutdownNow();
        try {
            delivery.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private FrameSource startSource(Config config) {
        String threadName = "nightjar-camera-" + id + "-source";
        String kind = config.source().trim();
        FrameSource created;
        if (kind.startsWith("http://") || kind.startsWith("https://")) {
            created = new RemoteMjpegSource(threadName, URI.create(kind), config.username(), config.password(),
                    RemoteMjpegSource.parseFingerprint(config.trustFingerprint()), camera);
        } else {
            if (kind.equals("auto") && hasVideoDevice()) {
                LOG.info("Camera {}: a video device is present, but this build has no V4L2 capture yet; "
                        + "showing the synthetic scene", id);
            }
            created = new SyntheticSource(threadName, displayName(config), config.width(), config.height(),
                    config.fps(), config.quality(), camera);
        }
        created.start();
        return created;
    }

    private void postState(Map<String, Object> properties) {
        EventAdmin admin = eventAdmin;
        if (admin != null) {
            admin.postEvent(new Event(Topics.CAMERA_STATE, properties));
        }
    }

    private String displayName(Config config) {
        return config.name().isBlank() ? id : config.name().trim();
    }

    /** The factory configuration's name: {@code nightjar.camera~front} gives {@code front}. */
    static String cameraId(String pid) {
        int tilde = pid.indexOf('~');
        String name = tilde >= 0 ? pid.substring(tilde + 1)
                : pid.startsWith(PID + ".") ? pid.substring(PID.length() + 1) : pid;
        if (!ID.matcher(name).matches()) {
            throw new IllegalArgumentException("camera id '" + name + "' (from configuration " + pid
                    + ") must be 1 to 32 letters, digits, '-' or '_'");
        }
        return name;
    }

    static void validate(Config config) {
        requireRange("width", config.width(), 16, 4096);
        requireRange("height", config.height(), 16, 4096);
        requireRange("fps", config.fps(), 1, 60);
        requireRange("quality", config.quality(), 1, 100);
        String source = config.source().trim();
        if (source.startsWith("http://") || source.startsWith("https://")) {
            try {
                URI uri = new URI(source);
                if (uri.getHost() == null) {
                    throw new IllegalArgumentException("source URL has no host: " + source);
                }
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("source is not a valid URL: " + e.getMessage());
            }
            RemoteMjpegSource.parseFingerprint(config.trustFingerprint());
        } else if (!source.equals("auto") && !source.equals("synthetic")) {
            throw new IllegalArgumentException("source '" + source + "' is not supported: use auto, synthetic "
                    + "or an http(s):// MJPEG URL (V4L2 devices need the capture bundle)");
        }
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
        }
    }

    private static boolean hasVideoDevice() {
        for (int i = 0; i < 64; i++) {
            if (Files.exists(Path.of("/dev/video" + i))) {
                return true;
            }
        }
        return false;
    }
}
