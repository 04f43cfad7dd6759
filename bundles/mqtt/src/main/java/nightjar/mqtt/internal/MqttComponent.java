package nightjar.mqtt.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

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
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.appliance.Appliance;
import nightjar.api.camera.Camera;
import nightjar.api.illumination.Illumination;
import nightjar.api.motion.MotionDetector;
import nightjar.api.mqtt.MqttState;
import nightjar.api.recording.Recorder;
import nightjar.api.stream.StreamViewers;
import nightjar.tasks.SchedulerClock;
import nightjar.tasks.TaskClock;
import nightjar.tasks.Threads;

/**
 * The MQTT bridge ({@code nightjar.mqtt}). Activation and configuration changes return at once: the
 * connection, the disk buffer and every publish run on the bridge's own executor
 * ({@code nightjar-mqtt}); event handlers and service bindings only hand over to it.
 */
// Immediate: it holds the broker connection whether or not anyone uses its services. A delayed component
// is deactivated when the last user of its service lets go, which took MQTT down after a settings change.
// No DS service: DS would publish the configuration, the broker password included, as service properties.
// The event handler is registered by hand with its topic only (as the MqttBridge status service is).
@Component(configurationPid = MqttComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = {})
@Designate(ocd = MqttConfig.class)
public final class MqttComponent implements EventHandler {
    static final String PID = "nightjar.mqtt";
    private static final Logger LOG = LoggerFactory.getLogger(MqttComponent.class);

    private final Services services = new Services();
    private @Nullable ScheduledThreadPoolExecutor executor;
    /** Time and the executor's thread, for the link's reconnects. */
    private @Nullable TaskClock clock;
    private @Nullable Bridge bridge;
    private @Nullable ServiceRegistration<EventHandler> eventHandler;
    private @Nullable ScheduledFuture<?> ticker;
    private Path data = Path.of("data");
    private final Status status = new Status(this::pendingAlerts);
    /** Set by deactivate: queued tasks do nothing but the final close. */
    private volatile boolean stopping;

    @Activate
    void activate(BundleContext context, MqttConfig config) {
        data = Objects.requireNonNull(services.appliance, "bound before activation").dataDirectory().resolve("mqtt");
        ScheduledThreadPoolExecutor owned = Threads.scheduler("nightjar-mqtt");
        executor = owned;
        clock = new SchedulerClock(owned, Clock.systemUTC());
        eventHandler = context.registerService(EventHandler.class, this,
                new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, "nightjar/*")));
        String version = context.getBundle().getVersion().toString();
        status.register(context);
        owned.execute(() -> {
            if (stopping) {
                return;
            }
            String deviceId;
            try {
                deviceId = DeviceIdentity.of(Path.of("/etc/machine-id"), data.resolve("device-id"));
            } catch (IOException e) {
                changed(MqttState.INVALID_CONFIGURATION, "no device id: " + e);
                return;
            }
            bridge = new Bridge(services, Machine.local(), deviceId, version, this::httpsPort, this::changed);
            apply(config, deviceId);
        });
    }

    @Modified
    void modified(MqttConfig config) {
        submit(() -> {
            Bridge current = bridge;
            if (current != null) {
                apply(config, current.deviceId());
            }
        });
    }

    @Deactivate
    void deactivate() {
        stopping = true;
        ServiceRegistration<EventHandler> handler = eventHandler;
        eventHandler = null;
        if (handler != null) {
            handler.unregister();
        }
        ScheduledThreadPoolExecutor owned = executor;
        if (owned != null) {
            owned.execute(() -> {
                Bridge current = bridge;
                if (current != null) {
                    current.close();
                }
            });
            // The final close publishes offline: give it time, then interrupt.
            Threads.stop(owned, Duration.ofSeconds(15));
        }
        status.unregister();
    }

    /** Alerts on disk not yet acknowledged by the broker. */
    int pendingAlerts() {
        Bridge current = bridge;
        return current == null ? 0 : current.pending();
    }

    /** On the executor. */
    private void apply(MqttConfig config, String deviceId) {
        Bridge current = bridge;
        ScheduledThreadPoolExecutor owned = executor;
        TaskClock linkClock = clock;
        if (current == null || owned == null || linkClock == null) {
            return;
        }
        ScheduledFuture<?> previous = ticker;
        if (previous != null) {
            previous.cancel(false);
        }
        if (config.broker().isBlank()) {
            current.apply(null, data.resolve("alerts"), linkClock);
            changed(MqttState.IDLE, "no broker configured (config/nightjar.mqtt.cfg): MQTT is off");
            return;
        }
        MqttSettings settings;
        try {
            settings = MqttSettings.of(config, deviceId, InetAddress.getLocalHost().getHostName());
        } catch (IOException | IllegalArgumentException e) {
            current.apply(null, data.resolve("alerts"), linkClock);
            changed(MqttState.INVALID_CONFIGURATION, e.getMessage());
            return;
        }
        current.apply(settings, data.resolve("alerts"), linkClock);
        ticker = owned.scheduleWithFixedDelay(() -> {
            try {
                current.publishState();
            } catch (RuntimeException e) {
                // A failing service must not end the periodic state for good.
                LOG.warn("MQTT: the periodic state failed: {}", e.toString(), e);
            }
        }, settings.stateIntervalMillis(), settings.stateIntervalMillis(), TimeUnit.MILLISECONDS);
    }

    /** The HTTPS port the appliance serves now (8443, the default, in the moment it is being replaced). */
    private int httpsPort() {
        Appliance appliance = services.appliance;
        return appliance == null ? 8443 : appliance.httpsPort();
    }

    @Override
    public void handleEvent(Event event) {
        Consumer<Bridge> task = Events.task(event, services);
        if (task != null) {
            onBridge(task);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCamera(Camera camera) {
        services.cameras.put(camera.id(), camera);
        onBridge(b -> b.cameraAdded(camera.id()));
    }

    void removeCamera(Camera camera) {
        String id = camera.id();
        // Only a deleted configuration (Topics.CAMERA_REMOVED) takes its entities away, not a bundle update.
        if (services.cameras.remove(id, camera)) {
            onBridge(Bridge::publishDeviceState);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDetector(MotionDetector detector) {
        services.detectors.put(detector.cameraId(), detector);
        onBridge(b -> b.publishCameraState(detector.cameraId()));
    }

    void removeDetector(MotionDetector detector) {
        services.detectors.remove(detector.cameraId(), detector);
        onBridge(b -> b.publishCameraState(detector.cameraId()));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setRecorder(Recorder recorder) {
        services.recorder = recorder;
        onBridge(Bridge::publishState);
    }

    void unsetRecorder(Recorder recorder) {
        if (services.recorder == recorder) {
            services.recorder = null;
            onBridge(Bridge::publishState);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setIllumination(Illumination illumination) {
        services.illumination = illumination;
        onBridge(Bridge::publishDeviceState);
    }

    void unsetIllumination(Illumination illumination) {
        if (services.illumination == illumination) {
            services.illumination = null;
            onBridge(Bridge::publishDeviceState);
        }
    }

    /**
     * Where the device id and the unsent alerts are kept, and the web UI's port in the discovery documents,
     * which follow a change of the port.
     */
    @Reference(updated = "updatedAppliance")
    void setAppliance(Appliance appliance) {
        services.appliance = appliance;
    }

    void updatedAppliance(Appliance appliance) {
        onBridge(Bridge::publishDiscovery);
    }

    void unsetAppliance(Appliance appliance) {
        if (services.appliance == appliance) {
            services.appliance = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setViewers(StreamViewers viewers) {
        services.viewers = viewers;
    }

    void unsetViewers(StreamViewers viewers) {
        if (services.viewers == viewers) {
            services.viewers = null;
        }
    }

    private void onBridge(Consumer<Bridge> task) {
        submit(() -> {
            Bridge current = bridge;
            if (current != null) {
                task.accept(current);
            }
        });
    }

    private void submit(Runnable task) {
        ScheduledThreadPoolExecutor owned = executor;
        if (owned == null) {
            return;
        }
        try {
            owned.execute(() -> {
                if (stopping) {
                    return;
                }
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("MQTT: {}", e.toString(), e);
                }
            });
        } catch (RejectedExecutionException shutDown) {
            // Deactivated: nothing more is sent.
        }
    }

    /** On the executor: a new state, logged by the link or here, and shown as service properties. */
    private void changed(MqttState next, String text) {
        status.changed(next, text);
    }

}
