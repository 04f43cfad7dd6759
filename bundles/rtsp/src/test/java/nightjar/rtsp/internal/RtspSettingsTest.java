package nightjar.rtsp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

/** The configuration as a file or the web console gives it, checked once. */
class RtspSettingsTest {
    private static RtspSettings of(Map<String, Object> properties) {
        return RtspSettings.of(Converters.standardConverter().convert(properties).to(RtspConfig.class));
    }

    @Test
    void theDefaultsServeRtspsOnlyOn8322() {
        RtspSettings defaults = of(Map.of());
        assertEquals(8322, defaults.tlsPort());
        assertEquals(0, defaults.plainPort(), "plain RTSP is off unless switched on");
        assertEquals(20, defaults.maxClients());
        assertEquals(4, defaults.maxClientsPerAddress());
        assertEquals(60, defaults.sessionTimeoutSeconds());
        assertEquals(1400, defaults.packetSize());
        assertEquals(false, defaults.restartMarkers());
        assertEquals(8554, of(Map.of("plainEnabled", "true")).plainPort());
        assertEquals(0, of(Map.of("tlsEnabled", "false")).tlsPort());
    }

    @Test
    void valuesOutOfRangeAreRefusedWithTheirName() {
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class, () -> of(Map.of("tlsPort", "70000")));
        assertTrue(port.getMessage().startsWith("tlsPort = 70000"), port.getMessage());
        assertThrows(IllegalArgumentException.class, () -> of(Map.of("packetSize", "100")));
        assertThrows(IllegalArgumentException.class, () -> of(Map.of("sessionTimeoutSeconds", "5")));
        assertThrows(IllegalArgumentException.class, () -> of(Map.of("plainEnabled", "true", "plainPort", "8322")));
        assertEquals(9000, of(Map.of("tlsEnabled", "false", "plainEnabled", "true", "plainPort", "9000")).plainPort());
    }
}
