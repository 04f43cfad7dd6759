package nightjar.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the security review sent to a running appliance: a page on another site that posts the web
 * console's install form (in Debian's headless Chromium, driven by {@code src/test/browser/console-test.mjs}),
 * a viewer asking for admin endpoints through percent-encoded paths, a login whose {@code next}
 * leads to another site, and refusals that must carry the security headers too.
 */
class HostileRequestsIT {
    /** A viewer that changed its generated password (over HTTP Basic), so that a login goes where {@code next} says. */
    private static final String VIEWER = "val:val-own-password";
    /** The admin's own password, set over HTTP Basic at the start, so that a browser login needs no change. */
    private static final String ADMIN = "admin:an-admin-password-43";
    private static Appliance appliance;

    @BeforeAll
    static void unpackAndStart() throws Exception {
        appliance = Appliance.unpack("hostile");
        appliance.start();
        assertEquals("201", status(curl("/api/users", "-X", "POST", "-H", "Content-Type: application/json", "--data-binary",
                "{\"name\":\"val\",\"password\":\"val-password-12\",\"role\":\"viewer\",\"cameras\":[\"front\"]}",
                "-u", "admin:" + appliance.password())));
        assertEquals("200", status(curl("/api/me/password", "-X", "POST", "-H", "Content-Type: application/json",
                "--data-binary", "{\"current\":\"val-password-12\",\"password\":\"val-own-password\"}",
                "-u", "val:val-password-12")));
        assertEquals("200", status(curl("/api/me/password", "-X", "POST", "-H", "Content-Type: application/json",
                "--data-binary", "{\"current\":\"" + appliance.password() + "\",\"password\":\"an-admin-password-43\"}",
                "-u", "admin:" + appliance.password())));
    }

    @AfterAll
    static void stop() throws Exception {
        if (appliance != null) {
            appliance.finish("hostile requests");
        }
    }

    private static Commands.Result curl(String path, String... options) throws Exception {
        return appliance.request(path, options);
    }

    private static String status(Commands.Result result) {
        return Appliance.status(result);
    }

    private static Path bundle(String symbolicName) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        Path jar = appliance.home().resolve("../" + symbolicName + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }

    @Test
    void aPageOnAnotherSiteCannotInstallABundleThroughTheConsole() throws Exception {
        String result = BrowserScript.run("console-test.mjs", Map.of("NIGHTJAR_URL", appliance.url(""),
                "NIGHTJAR_PASSWORD", ADMIN.substring(6), "NIGHTJAR_CERT", appliance.certificate().toString(),
                "EVIL_JAR", bundle("test.attacker.payload").toString(), "OWN_JAR", bundle("test.admins.own").toString(),
                "SCREENSHOTS", System.getProperty("nightjar.screenshots")), appliance.home().resolve("../console-test.log"),
                180);
        assertTrue(result.contains("\"basicAttackStatus\":403"), "refused although the browser held the admin's credentials: "
                + result);
        assertTrue(result.contains("\"sessionAttackStatus\":40"), "refused while the admin was logged in: " + result);
        assertTrue(result.contains("\"ownInstallStatus\":302"), "the console's own install form still works: " + result);
        assertTrue(result.contains("\"cspViolations\":[]"), "the console works under its content security policy: " + result);

        String bundles = curl("/system/console/bundles.json", "-u", ADMIN).stdout();
        assertTrue(bundles.contains("\"symbolicName\":\"test.admins.own\""), bundles);
        assertFalse(bundles.contains("test.attacker.payload"), "the attacker's bundle is not installed");
        assertFalse(appliance.log().contains("test.attacker.payload"), "nor did it ever reach the framework");
    }

    @Test
    void theConsoleAndEveryRefusalCarryTheSecurityHeaders() throws Exception {
        for (Commands.Result response : List.of(
                curl("/system/console/bundles", "-D", "-", "-o", "/dev/null", "-u", ADMIN),
                curl("/system/console/bundles", "-D", "-", "-o", "/dev/null"),
                curl("/system/console/bundles", "-D", "-", "-o", "/dev/null", "-u", VIEWER),
                curl("/cameras", "-D", "-", "-o", "/dev/null"),
                curl("/api/system", "-D", "-", "-o", "/dev/null", "-u", VIEWER),
                // Jetty refuses most malformed paths before any Nightjar code runs (without these headers); this one reaches us.
                curl("/cameras/a%3bb", "-D", "-", "-o", "/dev/null", "-u", VIEWER))) {
            String headers = response.stdout().toLowerCase(Locale.ROOT);
            assertTrue(headers.contains("strict-transport-security: max-age=31536000"), headers);
            assertTrue(headers.contains("x-frame-options: deny"), headers);
            assertTrue(headers.contains("x-content-type-options: nosniff"), headers);
            assertTrue(headers.matches("(?s).*content-security-policy: [^\\n]*frame-ancestors 'none'.*"), headers);
        }
        String console = curl("/system/console/bundles", "-D", "-", "-o", "/dev/null", "-u", ADMIN)
                .stdout();
        assertTrue(console.matches("(?s).*Content-Security-Policy: default-src 'self'; [^\\n]*object-src 'none'.*"), console);
    }

    @Test
    void aViewerCannotReachAdminEndpointsThroughEncodedPaths() throws Exception {
        for (String path : List.of("/%6detrics", "/api/%73ystem", "/api/%74ls", "/api/%75sers", "/api/%73ettings",
                "/api/%73ettings/nightjar.security", "/%61pi/system", "/cameras/front/%6dotion.mjpg",
                "/cameras/%62ack/snapshot.jpg", "/api/%55sers")) {
            String viewer = status(curl(path, "-o", "/dev/null", "-u", VIEWER));
            assertTrue(viewer.equals("403") || viewer.equals("404"), path + " gave the viewer " + viewer);
        }
        assertEquals("403", status(curl("/%6detrics", "-o", "/dev/null", "-u", VIEWER)));
        assertEquals("403", status(curl("/api/%73ystem", "-o", "/dev/null", "-u", VIEWER)));
        assertEquals("403", status(curl("/api/%74ls", "-o", "/dev/null", "-u", VIEWER)));
        // The admin reaches the same endpoints by the same encoded paths: they are decoded, not refused.
        assertEquals("200", status(curl("/api/%73ystem", "-o", "/dev/null", "-u", ADMIN)));
        assertEquals("200", status(curl("/%6detrics", "-o", "/dev/null", "-u", ADMIN)));
        for (String path : List.of("/api/system%00", "/api/system%0a", "/api/%C0%AFsystem", "/api/%zzsystem")) {
            assertEquals("400", status(curl(path, "-o", "/dev/null", "-u", VIEWER)), path);
        }
    }

    @Test
    void aLoginNeverLeadsToAnotherSite() throws Exception {
        for (String next : List.of("/\t/evil.example", "/\n/evil.example", "/\\evil.example", "//evil.example",
                "https://evil.example/", "/ /evil.example")) {
            Commands.Result login = curl("/login", "-D", "-", "-o", "/dev/null", "--data-urlencode", "name=val",
                    "--data-urlencode", "password=val-own-password", "--data-urlencode", "next=" + next);
            assertEquals("302", status(login), next);
            String location = login.stdout().lines().filter(line -> line.toLowerCase(Locale.ROOT).startsWith("location:"))
                    .findFirst().orElse("");
            String target = location.substring(location.indexOf(':') + 1).trim();
            assertTrue(target.equals("/") || target.equals(appliance.url("/")), next.replace("\t", "\\t") + " led to " + target);
            String page = curl("/login?next=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8))
                    .stdout();
            assertTrue(page.contains("name=\"next\" value=\"/\""), page);
        }
        Commands.Result login = curl("/login", "-D", "-", "-o", "/dev/null", "--data-urlencode", "name=val",
                "--data-urlencode", "password=val-own-password", "--data-urlencode", "next=/ui/index.html#recordings/front");
        assertTrue(login.stdout().matches("(?si).*\nlocation: (https://[^/]+)?/ui/index.html#recordings/front\r?\n.*"),
                "a path of this server is kept: " + login.stdout());
    }
}
