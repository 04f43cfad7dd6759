package nightjar.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttSettingsTest {
    @TempDir
    Path directory;

    private static MqttSettings of(Map<String, Object> properties) {
        return MqttSettings.of(Fakes.config(properties), "0123456789ab", "pi");
    }

    private static String refusal(Map<String, Object> properties) {
        return assertThrows(IllegalArgumentException.class, () -> of(properties)).getMessage();
    }

    @Test
    void defaultsDeriveFromTheDevice() {
        MqttSettings settings = of(Map.of("broker", "TCP://broker.local:1883", "password", "secret", "username", "cam"));
        assertEquals("tcp://broker.local:1883", settings.broker());
        assertEquals("nightjar/0123456789ab", settings.baseTopic());
        assertEquals("nightjar-0123456789ab", settings.clientId());
        assertEquals("homeassistant", settings.discoveryPrefix());
        assertEquals("Nightjar pi", settings.deviceName());
        assertEquals(1, settings.qos());
        assertTrue(settings.discovery());
        assertFalse(settings.tls());
        assertEquals("tcp://broker.local:1883 as cam", settings.describe(), "never the password");
        assertEquals("https://pi:8443/", settings.webUrl(8443));
        assertEquals("https://cam/", of(Map.of("broker", "tcp://b", "webUrl", "https://cam/")).webUrl(8443));
        assertEquals("my/base", of(Map.of("broker", "tcp://b", "baseTopic", "my/base/")).baseTopic());
    }

    @Test
    void unusableValuesAreRefusedWithAReason() throws Exception {
        assertTrue(refusal(Map.of("broker", "mqtt://b")).contains("tcp://host[:port] or ssl://host[:port]"));
        assertTrue(refusal(Map.of("broker", "tcp://user:pw@b")).contains("not in the broker URI"));
        assertTrue(refusal(Map.of("broker", "tcp://b", "baseTopic", "a/#")).contains("without wildcards"));
        assertTrue(refusal(Map.of("broker", "tcp://b", "qos", 3)).contains("qos"));
        assertTrue(refusal(Map.of("broker", "tcp://b", "caFile", "/ca.crt")).contains("not ssl://"));
        assertTrue(refusal(Map.of("broker", "ssl://b", "caFile", directory.resolve("none.crt").toString()))
                .contains("cannot be read"));
        Path cert = Files.writeString(directory.resolve("client.crt"), "x");
        Map<String, Object> half = new HashMap<>(Map.of("broker", "ssl://b", "clientCertFile", cert.toString()));
        assertTrue(refusal(half).contains("go together"));
    }
}
