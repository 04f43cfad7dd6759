package nightjar.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class HttpsPortsTest {
    private static HttpsComponent.Config config(Map<String, Integer> values) {
        return (HttpsComponent.Config) Proxy.newProxyInstance(HttpsComponent.Config.class.getClassLoader(),
                new Class<?>[] {HttpsComponent.Config.class},
                (proxy, method, args) -> values.containsKey(method.getName()) ? values.get(method.getName())
                        : method.getDefaultValue());
    }

    @Test
    void aPortThatIsNoPortKeepsHttpsWhereItIs() {
        HttpsComponent.Ports ports = HttpsComponent.Ports.choose(config(Map.of("httpsPort", 70000)), 8443, port -> true);
        assertEquals(8443, ports.https());
        assertEquals(List.of("httpsPort = 70000 is not a port (1 to 65535): HTTPS stays on port 8443 until it is fixed"),
                ports.problems());
        assertEquals(9443, HttpsComponent.Ports.choose(config(Map.of("httpsPort", -1)), 9443, port -> true).https(),
                "where it is served now, after an earlier change");
    }

    @Test
    void aPortThatCannotBeListenedOnKeepsHttpsWhereItIs() {
        HttpsComponent.Ports taken = HttpsComponent.Ports.choose(config(Map.of("httpsPort", 22)), 8443, port -> port != 22);
        assertEquals(8443, taken.https());
        assertEquals(1, taken.problems().size());
        HttpsComponent.Ports moved = HttpsComponent.Ports.choose(config(Map.of("httpsPort", 9443)), 8443, port -> true);
        assertEquals(9443, moved.https());
        assertEquals(List.of(), moved.problems());
        assertEquals(8443, HttpsComponent.Ports.choose(config(Map.of()), 8443, port -> false).https(),
                "the port served now is ours: not checked");
    }

    @Test
    void aBadRedirectPortTurnsTheRedirectOff() {
        assertEquals(8080, HttpsComponent.Ports.choose(config(Map.of("httpPort", 8080)), 8443, port -> true).http());
        for (int bad : new int[] {8443, 70000, -3}) {
            HttpsComponent.Ports ports = HttpsComponent.Ports.choose(config(Map.of("httpPort", bad)), 8443, port -> true);
            assertEquals(0, ports.http(), "httpPort " + bad);
            assertEquals(8443, ports.https());
            assertEquals(1, ports.problems().size());
        }
    }
}
