package nightjar.mqtt.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The MQTT bridge's configuration, {@code nightjar.mqtt}. With no broker it stays idle. */
@ObjectClassDefinition(name = "Nightjar MQTT",
        description = "Status, motion alerts with snapshots, remote control and Home Assistant discovery over MQTT. "
                + "The connection's state is the mqtt.state property of the nightjar.api.mqtt.MqttBridge service.")
public @interface MqttConfig {
    @AttributeDefinition(name = "Broker", description = "tcp://host:1883 or ssl://host:8883; empty: MQTT is off.")
    String broker() default "";

    @AttributeDefinition(name = "User name", description = "Empty: connect without one.")
    String username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD)
    String password() default "";

    @AttributeDefinition(name = "CA file", description = "PEM file of the certificate authority that signed the "
            + "broker's certificate (ssl://); empty: the Java runtime's trusted authorities.")
    String caFile() default "";

    @AttributeDefinition(name = "Client certificate", description = "PEM file of this device's client certificate, "
            + "for brokers that require one; empty: none.")
    String clientCertFile() default "";

    @AttributeDefinition(name = "Client key", description = "PEM file (unencrypted PKCS#8, 'BEGIN PRIVATE KEY') of the "
            + "client certificate's key.")
    String clientKeyFile() default "";

    @AttributeDefinition(name = "Client id", description = "Empty: nightjar-<device id>, stable across restarts.")
    String clientId() default "";

    @AttributeDefinition(name = "Base topic", description = "Empty: nightjar/<device id>.")
    String baseTopic() default "";

    @AttributeDefinition(name = "Home Assistant discovery")
    boolean discovery() default true;

    @AttributeDefinition(name = "Discovery prefix")
    String discoveryPrefix() default "homeassistant";

    @AttributeDefinition(name = "QoS", description = "Quality of service of state messages; alerts always use "
            + "at least 1.", min = "0", max = "2")
    int qos() default 1;

    @AttributeDefinition(name = "Device name", description = "The device's name in Home Assistant; empty: Nightjar <host name>.")
    String deviceName() default "";

    @AttributeDefinition(name = "Web UI address", description = "The configuration_url Home Assistant links to; "
            + "empty: https://<host name>:<httpsPort of nightjar.security>/.")
    String webUrl() default "";

    @AttributeDefinition(name = "Buffered alerts", description = "Alerts kept on disk while the broker is away, at most.",
            min = "1", max = "100000")
    int bufferMessages() default 200;

    @AttributeDefinition(name = "Buffer size (MB)", description = "Disk space for buffered alerts (snapshots "
            + "included), at most.", min = "1", max = "4096")
    int bufferMegabytes() default 32;

    @AttributeDefinition(name = "Longest reconnect pause (s)", description = "Reconnects start after 1 s and double "
            + "up to this when the broker refuses us (password, certificate). A broker that cannot be reached is "
            + "tried every 5 s at most (or this, if shorter), so Nightjar is back within seconds of it.",
            min = "1", max = "3600")
    int reconnectMaxSeconds() default 60;

    @AttributeDefinition(name = "State interval (s)", description = "How often the retained state (fps, uptime, "
            + "temperature, free space) is published when nothing else changed it.", min = "5", max = "86400")
    int stateIntervalSeconds() default 60;
}
