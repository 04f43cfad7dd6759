package nightjar.mqtt.internal;

import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
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

import nightjar.api.appliance.Appliance;
import nightjar.api.camera.Camera;
import nightjar.api.illumination.Illumination;
import nightjar.api.motion.MotionDetector;
import nightjar.api.recording.Recorder;
import nightjar.api.stream.StreamViewers;

/**
 * The MQTT bridge ({@code nightjar.mqtt}): its life, the services it binds and the events it hears.
 * Activation and configuration changes return at once: the connection, the disk buffer and every
 * publish run on the bridge's own executor ({@link BridgeRunner}); event handlers and service bindings
 * only hand over to it.
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

    private final Services services = new Services();
    private final Status status = new Status(this::pendingAlerts);
    private volatile @Nullable BridgeRunner runner;
    private @Nullable ServiceRegistration<EventHandler> eventHandler;

    @Activate
    void activate(BundleContext context, MqttConfig config) {
        Path data = Objects.requireNonNull(services.appliance, "bound before activation").dataDirectory().resolve("mqtt");
        BridgeRunner started = new BridgeRunner(services, data, Path.of("/etc/machine-id"), status::changed);
        runner = started;
        eventHandler = context.registerService(EventHandler.class, this,
                new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, "nightjar/*")));
        status.register(context);
        started.start(config, context.getBundle().getVersion().toString());
    }

    @Modified
    void modified(MqttConfig config) {
        BridgeRunner current = runner;
        if (current != null) {
            current.apply(config);
        }
    }

    @Deactivate
    void deactivate() {
        ServiceRegistration<EventHandler> handler = eventHandler;
        eventHandler = null;
        if (handler != null) {
            handler.unregister();
        }
        BridgeRunner current = runner;
        if (current != null) {
            current.stop();
        }
        status.unregister();
    }

    /** Alerts on disk not yet acknowledged by the broker. */
    int pendingAlerts() {
        BridgeRunner current = runner;
        return current == null ? 0 : current.pendingAlerts();
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

    /** Hands {@code task} over to the bridge's executor (nothing before activation or after deactivation). */
    private void onBridge(Consumer<Bridge> task) {
        BridgeRunner current = runner;
        if (current != null) {
            current.onBridge(task);
        }
    }
}
