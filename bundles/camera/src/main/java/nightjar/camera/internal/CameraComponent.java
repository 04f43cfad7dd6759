package nightjar.camera.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.IntSupplier;

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
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.camera.Camera;
import nightjar.api.camera.CameraIds;
import nightjar.api.camera.CameraState;
import nightjar.api.capture.CaptureDriver;
import nightjar.api.capture.CaptureSettings;
import nightjar.api.event.EventProperties;
import nightjar.api.event.Topics;
import nightjar.tasks.Threads;

/**
 * One configured camera ({@code nightjar.camera~<id>}): picks its source, owns its frame hub and
 * delivery threads, and registers it as a {@link Camera} service.
 *
 * <p>The service is registered by hand rather than by DS so that the configuration (which holds
 * the remote camera's password) does not become public service properties.
 *
 * <p>A configuration with a bad value does not fail the activation: the camera is registered in
 * {@link CameraState#ERROR} with a message naming the key and its range, so that {@code /cameras}, the
 * web UI and MQTT show it, and a corrected configuration starts it through {@link #modified}. (A
 * failed activation would hide the camera, and Felix SCR never retries one whose component has a
 * modified method: it hands the corrected configuration to the modified method of an instance that
 * does not exist, which does nothing.)
 */
@Component(configurationPid = CameraComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = CameraComponent.Config.class, factory = true)
public final class CameraComponent {
    static final String PID = "nightjar.camera";
    private static final Logger LOG = LoggerFactory.getLogger(CameraComponent.class);
    /** DS's deactivation reason for a deleted configuration (ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED). */
    private static final int CONFIGURATION_DELETED = 4;

    @ObjectClassDefinition(name = "Nightjar camera",
            description = "One camera: where its pictures come from, their size and rate. The configuration's "
                    + "name (config/nightjar.camera-<id>.cfg) is the camera id used in URLs and MQTT topics.")
    public @interface Config {
        @AttributeDefinition(name = "Name", description = "The camera's name for people; the id when empty.")
        String name() default "";

        @AttributeDefinition(name = "Source", description = "auto (the first camera found, else a synthetic "
                + "picture), a device (/dev/video0, or better a stable /dev/v4l/by-id/... name), synthetic, or the "
                + "http:// or https:// URL of an MJPEG stream, the rtsp:// or rtsps:// URL of a network camera's "
                + "stream (read by ffmpeg), or libcamera for a Raspberry Pi camera module (through rpicam-vid or "
                + "GStreamer; libcamera:1 for the second). bin/nightjar --list-cameras lists them.")
        String source() default "auto";

        @AttributeDefinition(name = "Width", description = "Picture width in pixels.", min = "16", max = "4096")
        int width() default 640;

        @AttributeDefinition(name = "Height", description = "Picture height in pixels.", min = "16", max = "4096")
        int height() default 480;

        @AttributeDefinition(name = "Frames per second", min = "1", max = "60")
        int fps() default 15;

        @AttributeDefinition(name = "JPEG quality", description = "For pictures made here (synthetic, YUYV "
                + "devices); MJPEG devices keep their own.", min = "1", max = "100")
        int quality() default 80;

        @AttributeDefinition(name = "Device format", description = "What to ask a device for: auto (MJPEG when "
                + "offered, which costs the Pi almost nothing; else YUYV, encoded here), mjpeg or yuyv.",
                options = {@Option(value = "auto", label = "auto"), @Option(value = "mjpeg", label = "MJPEG"),
                    @Option(value = "yuyv", label = "YUYV")})
        String format() default "auto";

        @AttributeDefinition(name = "Brightness", description = "Device control; empty leaves the camera's own. "
                + "Values outside the camera's range are brought into it.")
        String brightness() default "";

        @AttributeDefinition(name = "Contrast", description = "Device control; empty leaves the camera's own.")
        String contrast() default "";

        @AttributeDefinition(name = "Saturation", description = "Device control; empty leaves the camera's own.")
        String saturation() default "";

        @AttributeDefinition(name = "Sharpness", description = "Device control; empty leaves the camera's own.")
        String sharpness() default "";

        @AttributeDefinition(name = "Auto exposure", description = "Device control; empty leaves the camera's own.",
                options = {@Option(value = "", label = "camera's own"), @Option(value = "auto", label = "auto"),
                    @Option(value = "manual", label = "manual"),
                    @Option(value = "shutter-priority", label = "shutter priority"),
                    @Option(value = "aperture-priority", label = "aperture priority")})
        String autoExposure() default "";

        @AttributeDefinition(name = "Exposure", description = "Exposure time in units of 100 microseconds "
                + "(switches auto exposure to manual); empty leaves the camera's own.")
        String exposure() default "";

        @AttributeDefinition(name = "White balance", description = "auto, or a colour temperature in kelvin; "
                + "empty leaves the camera's own.")
        String whiteBalance() default "";

        @AttributeDefinition(name = "Power line frequency", description = "Against flicker under mains light; "
                + "empty leaves the camera's own.",
                options = {@Option(value = "", label = "camera's own"), @Option(value = "disabled", label = "disabled"),
                    @Option(value = "50", label = "50 Hz"), @Option(value = "60", label = "60 Hz"),
                    @Option(value = "auto", label = "auto")})
        String powerLineFrequency() default "";

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

    private final Object lock = new Object();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile @Nullable EventAdmin eventAdmin;
    // Set in activate, before any other method but the reference binders can run.
    private String id = "";
    private @Nullable ExecutorService delivery;
    private @Nullable LiveCamera camera;
    private @Nullable ServiceRegistration<Camera> registration;
    // Guarded by lock.
    private @Nullable CaptureDriver driver;
    /** The configuration in force; null while the camera's configuration is invalid. */
    private @Nullable Config config;
    private @Nullable FrameSource source;

    @Activate
    void activate(BundleContext bundleContext, Config newConfig, Map<String, Object> properties) {
        id = cameraId(String.valueOf(properties.get("service.pid")));
        boolean valid = problem(newConfig, properties) == null;
        // Listeners are short (they hand the frame on), so a few threads serve any number of them.
        ExecutorService threads = Threads.pool("nightjar-camera-" + id + "-delivery",
                Math.max(2, Runtime.getRuntime().availableProcessors()));
        delivery = threads;
        LiveCamera live = new LiveCamera(id, displayName(newConfig), valid ? newConfig.width() : 0,
                valid ? newConfig.height() : 0, new FrameHub(threads), this::postState);
        camera = live;
        Dictionary<String, Object> serviceProperties = new Hashtable<>();
        serviceProperties.put(Camera.ID_PROPERTY, id);
        registration = bundleContext.registerService(Camera.class, live, serviceProperties);
        synchronized (lock) {
            apply(newConfig, properties);
        }
    }

    /** The capture bundle came (or was updated): cameras on devices start, auto looks again. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setCaptureDriver(CaptureDriver newDriver) {
        synchronized (lock) {
            driver = newDriver;
            if (config != null && usesDriver(config)) {
                restartSource();
            }
        }
    }

    void unsetCaptureDriver(CaptureDriver oldDriver) {
        synchronized (lock) {
            if (driver != oldDriver) {
                return;
            }
            driver = null;
            if (config != null && usesDriver(config)) {
                restartSource();
            }
        }
    }

    @Modified
    void modified(Config newConfig, Map<String, Object> properties) {
        requireCamera().rename(displayName(newConfig));
        synchronized (lock) {
            apply(newConfig, properties);
        }
    }

    /**
     * Puts a configuration in force: controls alone apply to the running capture, other changes
     * restart the source, and an invalid one stops it and leaves the camera in ERROR. Holds lock.
     */
    private void apply(Config newConfig, Map<String, Object> properties) {
        String problem = problem(newConfig, properties);
        if (problem != null) {
            stopSource();
            config = null;
            requireCamera().state(CameraState.ERROR, "invalid configuration: " + problem);
            return;
        }
        Config old = config;
        config = newConfig;
        try {
            if (old != null && source instanceof CaptureSource capture && sameCapture(old, newConfig)) {
                capture.session().controls(controls(newConfig));
                LOG.info("Camera {}: controls applied", id);
            } else {
                restartSource();
            }
        } catch (RuntimeException e) {
            // Thrown out of activate or modified, it would hide the camera until a restart (see above).
            stopSource();
            requireCamera().state(CameraState.ERROR, "could not start: " + e);
        }
    }

    @Deactivate
    void deactivate(int reason) {
        ServiceRegistration<Camera> registered = registration;
        if (registered != null) {
            registered.unregister();
        }
        if (reason == CONFIGURATION_DELETED) {
            // Consumers that keep something per camera (MQTT's discovery documents) remove it now.
            EventAdmin admin = eventAdmin;
            if (admin != null) {
                admin.postEvent(new Event(Topics.CAMERA_REMOVED, Map.of(EventProperties.CAMERA, id)));
            }
        }
        synchronized (lock) {
            stopSource();
            config = null;
        }
        LiveCamera live = requireCamera();
        live.state(CameraState.STOPPED, "");
        live.closeSubscriptions();
        ExecutorService threads = delivery;
        if (threads != null) {
            Threads.stopNow(threads, Duration.ofSeconds(2));
        }
    }

    private LiveCamera requireCamera() {
        LiveCamera live = camera;
        if (live == null) {
            throw new IllegalStateException("camera " + id + " is not active");
        }
        return live;
    }

    /** Stops the running source and starts the one the configuration and the driver call for. Holds lock. */
    private void restartSource() {
        stopSource();
        Config current = config;
        if (current == null) {
            return;
        }
        LiveCamera live = requireCamera();
        String threadName = "nightjar-camera-" + id + "-source";
        String kind = current.source().trim();
        CaptureDriver capture = driver;
        FrameSource created;
        if (kind.startsWith("http://") || kind.startsWith("https://")) {
            created = new RemoteMjpegSource(threadName, URI.create(kind), current.username(), current.password(),
                    RemoteMjpegSource.parseFingerprint(current.trustFingerprint()), live);
        } else if (kind.startsWith("rtsp://") || kind.startsWith("rtsps://")) {
            created = new RtspSource(id, RtspCommand.of(kind, current.username(), current.password()),
                    current.width(), current.height(), current.fps(), current.quality(), RtspSource.bundleDataArea(),
                    live);
        } else if (kind.equals("synthetic")) {
            created = synthetic(threadName, current, live);
        } else if (isLibcamera(kind)) {
            if (!LibcameraCommand.installed()) {
                live.state(CameraState.ERROR, "source = libcamera needs rpicam-vid (Raspberry Pi OS: apt install "
                        + "rpicam-apps) or GStreamer's libcamerasrc (apt install gstreamer1.0-libcamera "
                        + "gstreamer1.0-tools)");
                return;
            }
            created = libcamera(kind, current, live);
        } else if (kind.equals("auto")) {
            String device = capture == null ? null : capture.autoDevice();
            if (capture != null && device != null) {
                LOG.info("Camera {}: source auto found {}", id, device);
                created = new CaptureSource(capture, id, settings(current), live);
            } else if (LibcameraCommand.installed() && LibcameraCommand.hasCamera()) {
                LOG.info("Camera {}: source auto found a libcamera camera", id);
                created = libcamera("libcamera", current, live);
            } else {
                LOG.info("Camera {}: source auto found no camera{}; showing a synthetic picture", id,
                        capture == null ? " (the V4L2 capture bundle is not running)" : "");
                created = synthetic(threadName, current, live);
            }
        } else if (capture != null) {
            created = new CaptureSource(capture, id, settings(current), live);
        } else {
            live.state(CameraState.ERROR, kind + " needs the V4L2 capture bundle (nightjar.capture.v4l2), which is "
                    + "not running");
            return;
        }
        created.start();
        source = created;
    }

    private ProcessSource libcamera(String kind, Config current, LiveCamera live) {
        return new ProcessSource(id, LibcameraCommand.of(libcameraName(kind), settings(current),
                ProcessSource.installed(LibcameraCommand.RPICAM_VID, Map.of())), live);
    }

    private static boolean isLibcamera(String source) {
        return source.equals("libcamera") || source.startsWith("libcamera:");
    }

    /** What follows {@code libcamera:} (empty for the first camera). */
    private static String libcameraName(String source) {
        return source.startsWith("libcamera:") ? source.substring("libcamera:".length()).trim() : "";
    }

    private void stopSource() {
        FrameSource old = source;
        source = null;
        if (old != null) {
            old.close();
        }
    }

    private SyntheticSource synthetic(String threadName, Config current, LiveCamera live) {
        return new SyntheticSource(threadName, displayName(current), current.width(), current.height(),
                current.fps(), current.quality(), live);
    }

    private static boolean usesDriver(Config config) {
        String kind = config.source().trim();
        return kind.equals("auto") || kind.startsWith("/dev/");
    }

    /** Whether two configurations differ at most in camera controls (and names), which apply live. */
    private static boolean sameCapture(Config a, Config b) {
        return a.source().trim().equals(b.source().trim()) && a.width() == b.width() && a.height() == b.height()
                && a.fps() == b.fps() && a.quality() == b.quality() && a.format().equals(b.format());
    }

    private static CaptureSettings settings(Config config) {
        return new CaptureSettings(config.source().trim(), config.width(), config.height(), config.fps(),
                config.format().trim(), config.quality(), controls(config));
    }

    private static Map<String, String> controls(Config config) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("brightness", config.brightness());
        values.put("contrast", config.contrast());
        values.put("saturation", config.saturation());
        values.put("sharpness", config.sharpness());
        values.put("autoExposure", config.autoExposure());
        values.put("exposure", config.exposure());
        values.put("whiteBalance", config.whiteBalance());
        values.put("powerLineFrequency", config.powerLineFrequency());
        return values;
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
        return CameraIds.fromConfiguration(PID, pid);
    }

    /**
     * What is wrong with a configuration, naming each bad key with its value and what it may be, or
     * null when it is valid. {@code properties} gives the values as written, for the message.
     */
    static @Nullable String problem(Config config, Map<String, Object> properties) {
        List<String> problems = new ArrayList<>();
        range(problems, "width", config::width, 16, 4096, properties);
        range(problems, "height", config::height, 16, 4096, properties);
        range(problems, "fps", config::fps, 1, 60, properties);
        range(problems, "quality", config::quality, 1, 100, properties);
        String source = config.source().trim();
        if (source.startsWith("http://") || source.startsWith("https://")) {
            // A password written into the URL stays out of the message.
            String shown = source.replaceFirst("^(https?://[^/@:]*):[^/@]*@", "$1@");
            try {
                if (new URI(source).getHost() == null) {
                    problems.add("source = " + shown + ": the URL has no host");
                }
            } catch (URISyntaxException e) {
                problems.add("source = " + shown + ": not a valid URL (" + e.getReason() + ")");
            }
            try {
                RemoteMjpegSource.parseFingerprint(config.trustFingerprint());
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        } else if (source.startsWith("rtsp://") || source.startsWith("rtsps://")) {
            String wrong = RtspCommand.problem(source);
            if (wrong != null) {
                problems.add(wrong);
            }
        } else if (isLibcamera(source)) {
            try {
                LibcameraCommand.of(libcameraName(source), settings(config),
                        ProcessSource.installed(LibcameraCommand.RPICAM_VID, Map.of()));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        } else if (source.startsWith("/dev/")) {
            if (source.contains("/../") || source.endsWith("/..")) {
                problems.add("source = " + source + ": not a device path");
            }
        } else if (!source.equals("auto") && !source.equals("synthetic")) {
            problems.add("source = " + source + ": must be auto, synthetic, a device such as /dev/video0, "
                    + "libcamera (or libcamera:<index>), an http(s):// MJPEG URL or an rtsp(s):// URL");
        }
        if (!List.of("auto", "mjpeg", "yuyv").contains(config.format().trim())) {
            problems.add("format = " + config.format() + ": must be auto, mjpeg or yuyv");
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private static void range(List<String> problems, String key, IntSupplier value, int min, int max,
            Map<String, Object> properties) {
        int number;
        try {
            number = value.getAsInt();
        } catch (RuntimeException notANumber) {
            problems.add(key + " = " + properties.get(key) + ": must be a whole number from " + min + " to " + max);
            return;
        }
        if (number < min || number > max) {
            problems.add(key + " = " + number + ": must be " + min + " to " + max);
        }
    }
}
