package nightjar.mqtt.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The configuration checked and completed with the device id. {@link #of} throws
 * {@link IllegalArgumentException} with a message for people when a value cannot be used.
 */
record MqttSettings(String broker, String username, String password, @Nullable Path caFile,
        @Nullable Path clientCertFile, @Nullable Path clientKeyFile, String clientId, String baseTopic,
        boolean discovery, String discoveryPrefix, int qos, String deviceName, String hostName, String webUrl, int bufferMessages,
        long bufferBytes, long reconnectMaxMillis, long stateIntervalMillis) {

    /** The web UI's address for Home Assistant: {@code webUrl}, else {@code https://<host name>:<httpsPort>/}. */
    String webUrl(int httpsPort) {
        return webUrl.isEmpty() ? "https://" + hostName + ":" + httpsPort + "/" : webUrl;
    }

    boolean tls() {
        return broker.startsWith("ssl://");
    }

    /** What the log may show of the broker: its URI, never the credentials. */
    String describe() {
        return broker + (username.isEmpty() ? "" : " as " + username);
    }

    static MqttSettings of(MqttConfig config, String deviceId, String hostName) {
        String broker = config.broker().trim();
        URI uri;
        try {
            uri = new URI(broker);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("broker '" + broker + "' is not a URI: " + e.getReason());
        }
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        if (!scheme.equals("tcp") && !scheme.equals("ssl") || uri.getHost() == null) {
            throw new IllegalArgumentException("broker '" + broker + "' must be tcp://host[:port] or ssl://host[:port]");
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("put the broker's user name and password in username and password, "
                    + "not in the broker URI");
        }
        String base = config.baseTopic().isBlank() ? "nightjar/" + deviceId : strip(config.baseTopic().trim());
        String prefix = strip(config.discoveryPrefix().trim());
        topicOrFail("baseTopic", base);
        topicOrFail("discoveryPrefix", prefix);
        if (config.qos() < 0 || config.qos() > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2, was " + config.qos());
        }
        String clientId = config.clientId().isBlank() ? "nightjar-" + deviceId : config.clientId().trim();
        boolean tls = scheme.equals("ssl");
        Path ca = file("caFile", config.caFile(), tls);
        Path cert = file("clientCertFile", config.clientCertFile(), tls);
        Path key = file("clientKeyFile", config.clientKeyFile(), tls);
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("clientCertFile and clientKeyFile go together");
        }
        String name = config.deviceName().isBlank() ? "Nightjar " + hostName : config.deviceName().trim();
        return new MqttSettings(scheme + broker.substring(scheme.length()), config.username(), config.password(), ca,
                cert, key, clientId, base, config.discovery(), prefix, config.qos(), name, hostName, config.webUrl().trim(),
                Math.max(1, config.bufferMessages()), Math.max(1, config.bufferMegabytes()) * 1024L * 1024L,
                Math.max(1, config.reconnectMaxSeconds()) * 1000L, Math.max(5, config.stateIntervalSeconds()) * 1000L);
    }

    private static @Nullable Path file(String key, String value, boolean tls) {
        if (value.isBlank()) {
            return null;
        }
        if (!tls) {
            throw new IllegalArgumentException(key + " is set but the broker is not ssl://");
        }
        Path path = Path.of(value.trim());
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException(key + " " + path + " cannot be read");
        }
        return path;
    }

    private static String strip(String topic) {
        String stripped = topic;
        while (stripped.endsWith("/")) {
            stripped = stripped.substring(0, stripped.length() - 1);
        }
        return stripped;
    }

    private static void topicOrFail(String key, String topic) {
        if (topic.isEmpty() || topic.contains("+") || topic.contains("#") || topic.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(key + " '" + topic + "' must be a topic without wildcards");
        }
    }
}
