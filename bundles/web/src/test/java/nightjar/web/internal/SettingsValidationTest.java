package nightjar.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A settings form is checked against the component's own rules before it is saved: the ranges of
 * the security bundle's metatype (its real document, made from its annotations) and the rules the
 * metatype cannot say. A refusal names the key, the value and what is allowed.
 */
class SettingsValidationTest {
    private static Definitions security;
    private final Set<Integer> busy = new HashSet<>();
    private final FormRules rules = new FormRules(port -> !busy.contains(port));

    @BeforeAll
    static void read() throws Exception {
        security = Definitions.read("/OSGI-INF/metatype/nightjar.security.internal.HttpsComponent$Config.xml");
    }

    private static Dictionary<String, Object> current() {
        Dictionary<String, Object> current = new Hashtable<>();
        current.put("httpsPort", "8443");
        current.put("httpPort", "0");
        current.put("sessionIdleMinutes", "30");
        current.put("sessionMaxHours", "12");
        current.put("metricsToken", "");
        return current;
    }

    /** What a PUT of {@code body} saves; throws what it answers instead. */
    private Dictionary<String, Object> put(Map<String, Object> body) throws Api.Refused {
        Dictionary<String, Object> current = current();
        Dictionary<String, Object> next = Forms.apply(security.ocd, security.ranges, current, body);
        rules.check("nightjar.security", security.ocd, current, next);
        return next;
    }

    private String refusal(Map<String, Object> body) {
        Api.Refused refused = assertThrows(Api.Refused.class, () -> put(body));
        assertEquals(400, refused.status);
        return refused.getMessage();
    }

    @Test
    void aSessionLifetimeThatWouldOverflowIsRefusedWithTheRange() {
        assertEquals("sessionMaxHours = '100000000': greater than maximum (allowed: an integer from 1 to 720)",
                refusal(Map.of("sessionMaxHours", new BigDecimal("1e8"))));
        assertEquals("sessionIdleMinutes = '0': less than minimum (allowed: an integer from 1 to 1440)",
                refusal(Map.of("sessionIdleMinutes", BigDecimal.ZERO)));
    }

    @Test
    void aPrivilegedHttpsPortIsRefused() {
        assertEquals("httpsPort = '22': less than minimum (allowed: an integer from 1024 to 65535)",
                refusal(Map.of("httpsPort", new BigDecimal(22))));
    }

    @Test
    void aShortMetricsTokenIsRefusedWithoutShowingIt() {
        String message = refusal(Map.of("metricsToken", "short-secret"));
        assertEquals("metricsToken = the value given (12 characters): too short (allowed: empty, or at least 20 "
                + "characters)", message);
        assertFalse(message.contains("short-secret"));
    }

    @Test
    void aLongMetricsTokenOrNoneIsTaken() throws Api.Refused {
        assertEquals("a-token-of-twenty-chars", put(Map.of("metricsToken", "a-token-of-twenty-chars")).get("metricsToken"));
        assertEquals("", put(Map.of("metricsToken", "")).get("metricsToken"), "empty keeps the old one, which is none");
    }

    @Test
    void aPortInUseIsRefusedUnlessItIsTheCurrentOne() throws Api.Refused {
        busy.add(9443);
        busy.add(8443); // ours: the web UI listens on it
        assertEquals("httpsPort = '9443': the port is in use on this machine (allowed: a free port)",
                refusal(Map.of("httpsPort", new BigDecimal(9443))));
        assertEquals("8443", put(Map.of("httpsPort", new BigDecimal(8443), "sessionMaxHours", BigDecimal.TEN))
                .get("httpsPort"));
        assertEquals("9444", put(Map.of("httpsPort", new BigDecimal(9444))).get("httpsPort"));
        assertEquals("httpPort = '9443': the port is in use on this machine (allowed: a free port)",
                refusal(Map.of("httpPort", new BigDecimal(9443))));
    }

    @Test
    void thePlainHttpPortIsOffOrAnotherUnprivilegedPort() throws Api.Refused {
        assertTrue(refusal(Map.of("httpPort", new BigDecimal(80))).startsWith("httpPort = '80': below 1024"));
        assertTrue(refusal(Map.of("httpPort", new BigDecimal(8443))).startsWith("httpPort = '8443': the same as httpsPort"));
        assertEquals("8080", put(Map.of("httpPort", new BigDecimal(8080))).get("httpPort"));
    }

    @Test
    void cameraControlsAreEmptyOrWholeNumbers() throws Api.Refused {
        Dictionary<String, Object> next = new Hashtable<>(Map.of("brightness", "bright", "whiteBalance", "auto"));
        // The camera form's own definitions are not needed: every control is in the submitted configuration.
        Api.Refused refused = assertThrows(Api.Refused.class, () -> rules.check("nightjar.camera", security.ocd, null, next));
        assertEquals("brightness = 'bright': not a whole number (allowed: empty for the camera's own, or a whole number)",
                refused.getMessage());
        next.put("brightness", "140");
        rules.check("nightjar.camera", security.ocd, null, next);
        next.put("whiteBalance", "warm");
        assertThrows(Api.Refused.class, () -> rules.check("nightjar.camera", security.ocd, null, next));
    }

    @Test
    void theMachinesAnswerSaysWhetherAPortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            assertFalse(FormRules.bindable(taken.getLocalPort()));
        }
    }
}
