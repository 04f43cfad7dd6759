package nightjar.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad values in {@code config/nightjar.security.cfg}, live and across a restart: a port that is no
 * port and a metrics token too short to be safe. The appliance stays reachable where it was, the log
 * says what is wrong in one line, and the corrected file applies without a restart.
 */
class SecurityFaultsIT {
    private static final String TOKEN = "prometheus-reads-this-0123";
    private static Appliance appliance;

    @BeforeAll
    static void unpackAndStart() throws Exception {
        appliance = Appliance.unpack("security-faults");
        appliance.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (appliance != null) {
            appliance.finish("security faults");
        }
    }

    private static String status(int port, String path, String... credentials) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("curl", "-sS", "--max-time", "10", "--cacert",
                appliance.certificate().toString(), "-o", "/dev/null", "-w", "%{http_code}"));
        command.addAll(List.of(credentials));
        command.add("https://localhost:" + port + path);
        return Commands.run(appliance.home(), command).stdout();
    }

    private static long lines(String text) throws Exception {
        return appliance.log().lines().filter(line -> line.contains(text)).count();
    }

    @Test
    void aBadPortOrTokenKeepsTheApplianceReachableAndTheFixAppliesLive() throws Exception {
        int port = Integer.parseInt(appliance.url("").replaceAll(".*:", ""));
        String admin = "admin:" + appliance.password();
        appliance.configure("nightjar.security.cfg", "httpsPort", "70000", "metricsToken", "short");
        appliance.awaitLogLine(line -> line.contains("httpsPort = 70000 is not a port"), 30);
        appliance.awaitLogLine(line -> line.contains("metricsToken has fewer than 20 characters"), 30);
        assertEquals("200", status(port, "/cameras", "-u", admin), "still served where it was");
        assertEquals("401", status(port, "/metrics", "-H", "Authorization: Bearer short"), "a short token opens nothing");

        // A restart with the bad file: before, the security components failed and nothing was served.
        assertTrue(appliance.stop());
        appliance.start();
        assertEquals("200", status(port, "/cameras/front/snapshot.jpg", "-u", admin));
        assertEquals("200", status(port, "/metrics", "-u", admin));
        assertEquals(2, lines("metricsToken has fewer than 20 characters"), "once for the edit, once at the restart");
        assertEquals(2, lines("httpsPort = 70000 is not a port"), "one line for each start, none for every attempt");
        assertEquals(List.of(), appliance.log().lines().filter(line -> line.startsWith("\tat ")).toList(),
                "no stack trace");

        int fixed;
        try (ServerSocket socket = new ServerSocket(0)) {
            fixed = socket.getLocalPort();
        }
        appliance.configure("nightjar.security.cfg", "httpsPort", Integer.toString(fixed), "metricsToken", TOKEN);
        appliance.awaitLogLine(line -> line.endsWith("HTTPS on port " + fixed), 30);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!status(fixed, "/cameras", "-u", admin).equals("200")) {
            assertTrue(System.nanoTime() < deadline, "HTTPS on the corrected port:\n" + appliance.printableLog());
            Thread.sleep(250);
        }
        assertEquals("200", status(fixed, "/metrics", "-H", "Authorization: Bearer " + TOKEN), "the corrected token");
    }
}
