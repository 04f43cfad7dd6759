package nightjar.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Bad settings never reach a component: {@code /api/settings} refuses a value the component would
 * refuse (with the key, the value and what is allowed) and saves nothing; a user cannot be given a
 * camera that does not exist; and a {@code config/} file overwritten with junk is refused with one
 * line naming the file and the line, the component keeping its configuration, until it is fixed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SettingsHardeningIT {
    private static final String MOTION = "nightjar.motion-front.cfg";
    private static final String ZONES = "include 0,0.4 1,0.4 1,1 0,1";
    private static Appliance appliance;

    @BeforeAll
    static void unpackAndStart() throws Exception {
        appliance = Appliance.unpack("settings");
        appliance.configure(MOTION, "zones", ZONES, "analysisFps", "4");
        appliance.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (appliance != null) {
            String output = appliance.finish("settings hardening");
            assertEquals(List.of(), Appliance.errors(output));
        }
    }

    /** A JSON call as admin: the status, a new line, the body. */
    private static String call(String method, String path, String body) throws Exception {
        Path answer = Files.createTempFile("answer", ".json");
        try {
            String status = appliance.download(path, answer, "-X", method, "-H", "Content-Type: application/json",
                    "--data-binary", body).stdout();
            return status + "\n" + Files.readString(answer);
        } finally {
            Files.delete(answer);
        }
    }

    /** Every file in {@code config/} by name, with its content. */
    private static Map<String, String> configFiles() throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> listed = Files.list(appliance.home().resolve("config"))) {
            for (Path file : listed.toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return files;
    }

    private static void assertRefused(String path, String body, String... reasons) throws Exception {
        String answer = call("PUT", path, body);
        assertTrue(answer.startsWith("400\n"), body + " gave " + answer);
        for (String reason : reasons) {
            assertTrue(answer.contains(reason), body + " gave " + answer + ", without " + reason);
        }
    }

    @Test
    @Order(1)
    void settingsTheComponentWouldRefuseAreRefusedAndNothingIsSaved() throws Exception {
        Map<String, String> before = configFiles();
        String security = "/api/settings/nightjar.security";
        assertRefused(security, "{\"metricsToken\":\"short\"}", "metricsToken", "at least 20 characters");
        assertRefused(security, "{\"sessionMaxHours\":1e8}", "sessionMaxHours", "100000000", "from 1 to 720");
        assertRefused(security, "{\"sessionIdleMinutes\":0}", "sessionIdleMinutes", "from 1 to 1440");
        assertRefused(security, "{\"httpsPort\":22}", "httpsPort", "'22'", "from 1024 to 65535");
        assertRefused(security, "{\"httpPort\":80}", "httpPort", "'80'", "1024");
        try (ServerSocket taken = new ServerSocket(0)) {
            assertRefused(security, "{\"httpsPort\":" + taken.getLocalPort() + "}", "httpsPort",
                    "'" + taken.getLocalPort() + "'", "in use");
        }
        assertRefused("/api/settings/nightjar.camera/front", "{\"fps\":500}", "fps", "'500'", "from 1 to 60");
        assertRefused("/api/settings/nightjar.camera/front", "{\"brightness\":\"bright\"}", "brightness", "'bright'",
                "whole number");
        assertRefused("/api/settings/nightjar.recorder", "{\"maxAgeDays\":1e9}", "maxAgeDays", "from 0 to 3650");
        assertRefused("/api/settings/nightjar.gpio", "{\"dayAbove\":20}", "dayAbove", "nightBelow");
        assertEquals(before, configFiles(), "no file in config/ changed");

        String saved = call("PUT", security, "{\"sessionMaxHours\":24}");
        assertTrue(saved.startsWith("200\n"), saved);
        appliance.awaitLogLine(line -> line.contains("Configuration nightjar.security saved to"), 30);
        assertTrue(Files.readString(appliance.home().resolve("config/nightjar.security.cfg")).contains("sessionMaxHours = 24"),
                "a good value is saved");
    }

    @Test
    @Order(2)
    void aUserCanBeGivenOnlyCamerasThatExist() throws Exception {
        String created = call("POST", "/api/users",
                "{\"name\":\"vic\",\"password\":\"vic-password-12\",\"role\":\"viewer\",\"cameras\":[\"nope\"]}");
        assertTrue(created.startsWith("400\n") && created.contains("nope"), created);
        assertEquals("404", call("GET", "/api/users/vic", "").substring(0, 3), "no user was made");

        created = call("POST", "/api/users",
                "{\"name\":\"vic\",\"password\":\"vic-password-12\",\"role\":\"viewer\",\"cameras\":[\"front\"]}");
        assertTrue(created.startsWith("201\n"), created);
        String changed = call("PUT", "/api/users/vic", "{\"cameras\":[\"front\",\"nope\"]}");
        assertTrue(changed.startsWith("400\n") && changed.contains("No camera nope"), changed);
        String user = call("GET", "/api/users/vic", "");
        assertTrue(user.contains("\"cameras\":[\"front\"]"), user);
    }

    @Test
    @Order(3)
    void aMotionFileOverwrittenWithJunkIsRefusedUntilItIsFixed() throws Exception {
        Path file = appliance.home().resolve("config").resolve(MOTION);
        appliance.awaitLogLine(line -> line.contains("Motion detection for camera front") && line.contains("4.0 frames"), 30);
        long defaultsBefore = defaultsApplied();

        // The start of a zip file where a text file was meant.
        byte[] junk = {'P', 'K', 3, 4, 20, 0, 8, 0, (byte) 0xb7, (byte) 0xac, '\n', 'x', 'l', '/', 'b', 'o', 'o', 'k', 0, '\n'};
        Files.write(file, junk);
        String warning = appliance.awaitLogLine(line -> line.contains(" WARN ") && line.contains(MOTION), 30);
        assertTrue(warning.contains(MOTION + " line 1: not text"), warning);

        Files.writeString(file, "enabled = true\nthis line is not a setting\nzones = " + ZONES + "\nanalysisFps = 4\n");
        String second = appliance.awaitLogLine(line -> line.contains(" WARN ") && line.contains(MOTION + " line 2"), 30);
        assertTrue(second.contains("not 'key = value'") && second.contains("stays in force"), second);
        assertEquals("enabled = true\nthis line is not a setting\nzones = " + ZONES + "\nanalysisFps = 4\n",
                Files.readString(file), "the file is left for the user to fix");

        Files.writeString(file, "enabled = true\nzones = " + ZONES + "\nanalysisFps = 3\n");
        appliance.awaitLogLine(line -> line.contains("Motion detection for camera front") && line.contains("3.0 frames"), 30);
        assertEquals(defaultsBefore, defaultsApplied(), "the detector never ran on the defaults the junk would give");
    }

    /** How often the front camera's detector started with the default analysis rate (what a file without one gives). */
    private static long defaultsApplied() throws Exception {
        return appliance.log().lines().filter(line -> line.contains("Motion detection for camera front") && line.contains("5.0 frames"))
                .count();
    }
}
