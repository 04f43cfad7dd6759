package nightjar.mqtt.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.mqtt.MqttBridge;
import nightjar.api.mqtt.MqttState;

/**
 * The bridge's state as a service the web console lists, with the state and its reason as service
 * properties. The link logs its own changes; the states without a link (idle, unusable configuration)
 * are logged here, once per change.
 */
final class Status implements MqttBridge {
    private static final Logger LOG = LoggerFactory.getLogger(Status.class);

    private final IntSupplier pending;
    private volatile MqttState state = MqttState.IDLE;
    private volatile String message = "";
    private @Nullable ServiceRegistration<MqttBridge> registration;

    Status(IntSupplier pending) {
        this.pending = pending;
    }

    synchronized void register(BundleContext context) {
        registration = context.registerService(MqttBridge.class, this, properties());
    }

    synchronized void unregister() {
        ServiceRegistration<MqttBridge> current = registration;
        registration = null;
        if (current != null) {
            current.unregister();
        }
    }

    synchronized void changed(MqttState next, String text) {
        boolean log = next != state || !text.equals(message);
        state = next;
        message = text;
        if (log && next == MqttState.IDLE) {
            LOG.info("MQTT: {}", text);
        } else if (log && next == MqttState.INVALID_CONFIGURATION) {
            LOG.warn("MQTT {}: {}", next, text);
        }
        ServiceRegistration<MqttBridge> current = registration;
        if (current != null) {
            current.setProperties(properties());
        }
    }

    @Override
    public MqttState state() {
        return state;
    }

    @Override
    public String message() {
        return message;
    }

    @Override
    public int pendingAlerts() {
        return pending.getAsInt();
    }

    private Dictionary<String, Object> properties() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(STATE_PROPERTY, state.name());
        properties.put(MESSAGE_PROPERTY, message);
        return properties;
    }
}
