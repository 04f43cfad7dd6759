package nightjar.camera.internal;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ExecutorService;

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
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.camera.Camera;
import nightjar.api.camera.CameraIds;
import nightjar.api.camera.CameraState;
import nightjar.api.capture.CaptureDriver;
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
@Designate(ocd = CameraConfig.class, factory = true)
public final class CameraComponent {
    static final String PID = "nightjar.camera";
    private static final Logger LOG = LoggerFactory.getLogger(CameraComponent.class);
    /** DS's deactivation reason for a deleted configuration (ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED). */
    private static final int CONFIGURATION_DELETED = 4;

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
    private @Nullable CameraConfig config;
    private @Nullable FrameSource source;

    @Activate
    void activate(BundleContext bundleContext, CameraConfig newConfig, Map<String, Object> properties) {
        id = cameraId(String.valueOf(properties.get("service.pid")));
        boolean valid = CameraSettings.problem(newConfig, properties) == null;
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
            if (config != null && CameraSettings.usesDriver(config)) {
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
            if (config != null && CameraSettings.usesDriver(config)) {
                restartSource();
            }
        }
    }

    @Modified
    void modified(CameraConfig newConfig, Map<String, Object> properties) {
        requireCamera().rename(displayName(newConfig));
        synchronized (lock) {
            apply(newConfig, properties);
        }
    }

    /**
     * Puts a configuration in force: controls alone apply to the running capture, other changes
     * restart the source, and an invalid one stops it and leaves the camera in ERROR. Holds lock.
     */
    private void apply(CameraConfig newConfig, Map<String, Object> properties) {
        String problem = CameraSettings.problem(newConfig, properties);
        if (problem != null) {
            stopSource();
            config = null;
            requireCamera().state(CameraState.ERROR, "invalid configuration: " + problem);
            return;
        }
        CameraConfig old = config;
        config = newConfig;
        try {
            if (old != null && source instanceof CaptureSource capture && CameraSettings.sameCapture(old, newConfig)) {
                capture.session().controls(CameraSettings.controls(newConfig));
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
        CameraConfig current = config;
        if (current == null) {
            return;
        }
        LiveCamera live = requireCamera();
        FrameSource created = Sources.choose(id, displayName(current), current, driver, live);
        if (created != null) {
            created.start();
            source = created;
        }
    }

    private void stopSource() {
        FrameSource old = source;
        source = null;
        if (old != null) {
            old.close();
        }
    }

    private void postState(Map<String, Object> properties) {
        EventAdmin admin = eventAdmin;
        if (admin != null) {
            admin.postEvent(new Event(Topics.CAMERA_STATE, properties));
        }
    }

    private String displayName(CameraConfig config) {
        return config.name().isBlank() ? id : config.name().trim();
    }

    /** The factory configuration's name: {@code nightjar.camera~front} gives {@code front}. */
    static String cameraId(String pid) {
        return CameraIds.fromConfiguration(PID, pid);
    }
}
