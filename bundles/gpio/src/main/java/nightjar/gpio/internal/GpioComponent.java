package nightjar.gpio.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.camera.Camera;
import nightjar.api.camera.CameraState;
import nightjar.api.camera.Subscription;
import nightjar.api.event.EventProperties;
import nightjar.api.event.Topics;
import nightjar.api.illumination.Illumination;
import nightjar.api.illumination.IlluminationMode;
import nightjar.api.illumination.IlluminationStatus;
import nightjar.tasks.SchedulerClock;
import nightjar.tasks.Threads;

/**
 * The framework's side of the bundle: checks the configuration, owns the one scheduler thread
 * ({@code nightjar-gpio}) that runs a {@link GpioRuntime}, feeds it events and camera states, and
 * subscribes the scene meter to the chosen camera when the picture decides AUTO. A configuration
 * change re-activates the component: every pin is released and claimed again with the new settings.
 * It is immediate (it drives the LED whether or not anyone uses the service).
 */
// No services through DS: they are registered in activate, so a refused configuration leaves none behind
// (EventAdmin would otherwise keep asking for the handler, each time activating the component again).
@Component(configurationPid = GpioComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = GpioConfig.class)
public final class GpioComponent implements Illumination {
    static final String PID = "nightjar.gpio";
    private static final Logger LOG = LoggerFactory.getLogger(GpioComponent.class);
    private static final long STOP_SECONDS = 5;
    /** Where the GPIO character devices are. */
    private static final Path DEVICES = Path.of("/dev");

    private final Object lock = new Object();
    private final Map<String, Camera> cameras = new ConcurrentHashMap<>();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile @Nullable EventAdmin eventAdmin;
    private volatile @Nullable GpioRuntime runtime;
    private @Nullable ScheduledThreadPoolExecutor executor;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    // Guarded by lock.
    private @Nullable GpioSettings settings;
    private @Nullable SceneMeter meter;
    private @Nullable Camera watched;
    private @Nullable Subscription subscription;

    @Activate
    void activate(BundleContext context, GpioConfig config) {
        GpioSettings checked = GpioSettings.of(config);
        ScheduledThreadPoolExecutor owned = Threads.scheduler("nightjar-gpio");
        executor = owned;
        GpioRuntime started = new GpioRuntime(checked, new SchedulerClock(owned, Clock.systemUTC()),
                kind -> kind == PinsProvider.CHARDEV ? ChardevPins.open(DEVICES, checked.chip()) : Pi4jPins.open(kind),
                ProviderSelection.DEVICE_TREE_MODEL, this::cameraStates, this::announce);
        runtime = started;
        started.start();
        synchronized (lock) {
            settings = checked;
            meter = "scene".equals(checked.autoSource())
                    ? new SceneMeter(checked.sceneInterval().toNanos(), started::offerScene) : null;
            rewatch();
        }
        registrations.add(context.registerService(Illumination.class, this, null));
        Dictionary<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC, new String[] {Topics.CAMERA_STATE, Topics.MOTION_STARTED,
            Topics.MOTION_ENDED, Topics.RECORDING_STARTED, Topics.RECORDING_STOPPED, Topics.STORAGE_LOW});
        registrations.add(context.registerService(EventHandler.class, this::handleEvent, topics));
        LOG.debug("GPIO component activated: mode {}, AUTO from the {}", checked.mode(), checked.autoSource());
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
        synchronized (lock) {
            settings = null;
            unwatch();
        }
        ScheduledThreadPoolExecutor owned = executor;
        GpioRuntime current = runtime;
        executor = null;
        runtime = null;
        if (owned == null || current == null) {
            return;
        }
        Future<?> stopped = owned.submit(current::stop);
        try {
            stopped.get(STOP_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.error("GPIO: releasing the pins failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!Threads.stopNow(owned, Duration.ofSeconds(STOP_SECONDS))) {
            LOG.warn("GPIO: the scheduler did not stop within {} s", STOP_SECONDS);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCamera(Camera camera) {
        cameras.put(camera.id(), camera);
        synchronized (lock) {
            rewatch();
        }
    }

    void removeCamera(Camera camera) {
        cameras.remove(camera.id(), camera);
        GpioRuntime current = runtime;
        if (current != null) {
            current.cameraGone(camera.id());
        }
        synchronized (lock) {
            if (watched == camera) {
                unwatch();
            }
            rewatch();
        }
    }

    @Override
    public void setMode(IlluminationMode mode) {
        GpioRuntime current = runtime;
        if (current == null) {
            throw new IllegalStateException("the GPIO component is not active");
        }
        current.setMode(mode);
    }

    @Override
    public IlluminationStatus status() {
        GpioRuntime current = runtime;
        return current == null ? new IlluminationStatus(IlluminationMode.OFF, false, "mode", "not active")
                : current.status();
    }

    private void handleEvent(Event event) {
        GpioRuntime current = runtime;
        if (current == null) {
            return;
        }
        String camera = String.valueOf(event.getProperty(EventProperties.CAMERA));
        switch (event.getTopic()) {
            case Topics.CAMERA_STATE -> {
                try {
                    current.camera(camera, CameraState.valueOf(String.valueOf(event.getProperty(EventProperties.STATE))));
                } catch (IllegalArgumentException e) {
                    LOG.debug("Camera {}: state {} unknown", camera, event.getProperty(EventProperties.STATE));
                }
            }
            case Topics.MOTION_STARTED -> current.motion(camera, true);
            case Topics.MOTION_ENDED -> current.motion(camera, false);
            case Topics.RECORDING_STARTED -> current.recording(camera, true);
            case Topics.RECORDING_STOPPED -> current.recording(camera, false);
            case Topics.STORAGE_LOW -> current.storageLow();
            default -> { }
        }
    }

    /** Posted before the pins move. */
    private void announce(IlluminationMode mode, boolean on) {
        EventAdmin admin = eventAdmin;
        if (admin != null) {
            Map<String, Object> properties = new HashMap<>();
            properties.put(EventProperties.MODE, mode.name());
            properties.put(EventProperties.ON, on);
            admin.postEvent(new Event(Topics.ILLUMINATION_CHANGED, properties));
        }
    }

    private Map<String, CameraState> cameraStates() {
        Map<String, CameraState> states = new HashMap<>();
        cameras.forEach((id, camera) -> {
            try {
                states.put(id, camera.status().state());
            } catch (RuntimeException e) {
                // A camera going away right now: its removal follows.
            }
        });
        return states;
    }

    /** Watches the configured camera (or the first by id) when the picture decides AUTO. Under lock. */
    private void rewatch() {
        GpioSettings current = settings;
        SceneMeter scene = meter;
        if (current == null || scene == null) {
            return;
        }
        Camera target = current.camera().isEmpty() ? new TreeMap<>(cameras).values().stream().findFirst().orElse(null)
                : cameras.get(current.camera());
        if (target == watched) {
            return;
        }
        unwatch();
        if (target != null) {
            watched = target;
            subscription = target.subscribe(scene);
            LOG.info("IR illumination: AUTO follows the brightness of camera {}", target.id());
        }
    }

    private void unwatch() {
        Subscription current = subscription;
        if (current != null) {
            current.close();
        }
        subscription = null;
        watched = null;
    }
}
