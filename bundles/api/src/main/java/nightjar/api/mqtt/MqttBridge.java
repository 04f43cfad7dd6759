package nightjar.api.mqtt;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The MQTT bridge to a broker. Registered with the service properties {@value #STATE_PROPERTY} and
 * {@value #MESSAGE_PROPERTY}, kept up to date, so the web console's service list shows the connection.
 */
@ProviderType
public interface MqttBridge {
    /** Service property: the {@link MqttState} name. */
    String STATE_PROPERTY = "mqtt.state";
    /** Service property: the human-readable explanation of the state. */
    String MESSAGE_PROPERTY = "mqtt.message";

    MqttState state();

    /** Why the bridge is in its state (the broker's refusal, the TLS failure), empty when there is nothing to say. */
    String message();

    /** Alerts accepted but not yet acknowledged by the broker (kept on disk). */
    int pendingAlerts();
}
