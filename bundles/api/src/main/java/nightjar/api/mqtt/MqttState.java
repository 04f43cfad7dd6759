package nightjar.api.mqtt;

/** Where the MQTT bridge's connection is. */
public enum MqttState {
    /** No broker configured: nothing is sent. */
    IDLE,
    /** The configuration cannot be used (a malformed broker URI, an unreadable CA file). */
    INVALID_CONFIGURATION,
    /** Connecting, for the first time since the configuration was applied. */
    CONNECTING,
    CONNECTED,
    /** The broker is unreachable or the connection broke; retrying with a growing pause. */
    DISCONNECTED,
    /** The broker refused the user name, password or client id; retrying with a growing pause. */
    NOT_AUTHORIZED,
    /** The TLS handshake failed (an untrusted certificate, a name mismatch); retrying with a growing pause. */
    TLS_FAILED
}
