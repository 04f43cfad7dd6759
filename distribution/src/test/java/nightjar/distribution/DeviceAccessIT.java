package nightjar.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The device credential (for plain RTSP and ONVIF) in the unpacked tarball: made owner-only on the
 * first start, shown and rotated only for admins (a viewer gets 403, a cross-site request is refused
 * and changes nothing), never written to the log; and the System page in headless Chromium
 * ({@code src/test/browser/device-access-test.mjs}): the secret hidden until asked for, copied,
 * rotated after a confirmation, and the stream addresses to copy.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeviceAccessIT {
    private static final String VIEWER = "vic:vic-password-12";
    private static Appliance appliance;
    /** Every secret the appliance had during the test, none of which may reach the log. */
    private static final Set<String> SECRETS = new LinkedHashSet<>();

    @BeforeAll
    static void unpackAndStart() throws Exception {
        appliance = Appliance.unpack("deviceaccess");
        appliance.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (appliance != null) {
            SECRETS.add(credential().getProperty("secret"));
            String log = appliance.finish("device access");
            assertTrue(log.contains("Made the device credential '" + credential().getProperty("username") + "'"), log);
            assertTrue(log.contains("Rotated the secret of the device credential"), log);
            for (String secret : SECRETS) {
                assertFalse(log.contains(secret), "a device credential's secret is in the log");
            }
        }
    }

    private static Path credentialFile() {
        return appliance.home().resolve("data/device-credential.properties");
    }

    private static Properties credential() throws Exception {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(credentialFile())) {
            properties.load(in);
        }
        return properties;
    }

    /** curl as the admin (or as the options' {@code -u}); the body, then a line with the status. */
    private static Commands.Result call(String method, String path, String... options) throws Exception {
        List<String> all = new ArrayList<>(List.of("-X", method));
        all.addAll(List.of(options));
        if (!all.contains("-u")) {
            all.addAll(List.of("-u", "admin:" + appliance.password()));
        }
        return appliance.request(path, all.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void onlyAnAdminSeesOrRotatesTheCredentialAndNeverFromAnotherSite() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentialFile())));
        String name = credential().getProperty("username");
        String secret = credential().getProperty("secret");
        SECRETS.add(secret);
        assertTrue(name.matches("nvr-[a-z0-9]{6}"), name);
        assertTrue(secret.matches("[A-Za-z2-9]{24}"), "24 characters without look-alikes");

        assertEquals("201", Appliance.status(call("POST", "/api/users", "-H", "Content-Type: application/json", "--data-binary",
                "{\"name\":\"vic\",\"password\":\"vic-password-12\",\"role\":\"viewer\",\"cameras\":[\"front\"]}")));
        for (String[] request : new String[][] {{"GET", "/api/device-credential"}, {"GET", "/api/device-credential/secret"},
                {"POST", "/api/device-credential/rotate"}, {"GET", "/api/stream-urls"}}) {
            Commands.Result refused = call(request[0], request[1], "-u", VIEWER);
            assertEquals("403", Appliance.status(refused), request[1]);
            assertFalse(refused.stdout().contains(secret) || refused.stdout().contains(name), refused.stdout());
        }

        Commands.Result shown = call("GET", "/api/device-credential");
        assertEquals("200", Appliance.status(shown));
        assertTrue(shown.stdout().contains("\"username\":\"" + name + "\"") && !shown.stdout().contains(secret), shown.stdout());
        Commands.Result revealed = call("GET", "/api/device-credential/secret", "-D", "-");
        assertTrue(revealed.stdout().contains("\"secret\":\"" + secret + "\""), revealed.stdout());
        assertTrue(revealed.stdout().toLowerCase().contains("cache-control: no-store"), revealed.stdout());

        for (String[] crossSite : new String[][] {{"Origin: https://evil.example", "Sec-Fetch-Site: cross-site"},
                {"Origin: https://evil.example", "X-Nothing: 1"}, {"Sec-Fetch-Site: same-site", "X-Nothing: 1"}}) {
            Commands.Result refused = call("POST", "/api/device-credential/rotate", "-H", crossSite[0], "-H", crossSite[1]);
            assertEquals("403", Appliance.status(refused), String.join(", ", crossSite));
            assertFalse(refused.stdout().contains(secret), refused.stdout());
        }
        assertEquals(secret, credential().getProperty("secret"), "nothing rotated");

        Commands.Result rotated = call("POST", "/api/device-credential/rotate");
        assertEquals("200", Appliance.status(rotated));
        String newSecret = credential().getProperty("secret");
        SECRETS.add(newSecret);
        assertFalse(newSecret.equals(secret));
        assertTrue(rotated.stdout().contains("\"secret\":\"" + newSecret + "\""), "written before the answer");
        assertEquals(name, credential().getProperty("username"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentialFile())));
    }

    @Test
    @Order(2)
    void anAdminCopiesAndRotatesItOnTheSystemPage() throws Exception {
        // A second admin for the browser, so the first keeps the password curl uses.
        assertEquals("201", Appliance.status(call("POST", "/api/users", "-H", "Content-Type: application/json", "--data-binary",
                "{\"name\":\"ada\",\"password\":\"ada-password-12\",\"role\":\"admin\"}")));
        // Before the RTSP and ONVIF bundles are in the distribution, the page must say they are missing.
        List<String> bundles;
        try (Stream<Path> files = Files.list(appliance.home().resolve("bundles"))) {
            bundles = files.map(p -> p.getFileName().toString()).toList();
        }
        boolean rtspBundle = bundles.stream().anyMatch(name -> name.startsWith("nightjar.rtsp"));
        boolean onvifBundle = bundles.stream().anyMatch(name -> name.startsWith("nightjar.onvif"));
        Path screenshots = Path.of(System.getProperty("nightjar.screenshots"));
        String result = BrowserScript.run("device-access-test.mjs", Map.of("NIGHTJAR_URL", appliance.url(""),
                "NIGHTJAR_CERT", appliance.certificate().toString(),
                "NIGHTJAR_CREDENTIAL", credentialFile().toString(),
                "EXPECT_RTSP", Boolean.toString(rtspBundle), "EXPECT_ONVIF", Boolean.toString(onvifBundle),
                "SCREENSHOTS", screenshots.toString()), appliance.home().resolve("../device-access-test.log"), 120);
        assertTrue(result.contains("\"ok\":true"), result);
        SECRETS.addAll(List.of(result.replaceAll(".*\"secrets\":\\[([^\\]]*)\\].*", "$1").replace("\"", "").split(",")));
        for (String page : List.of("21-system-secret-hidden", "22-system-secret-shown", "23-system-rotated",
                "24-system-addresses")) {
            assertTrue(Files.size(screenshots.resolve(page + ".png")) > 5_000, page);
        }
    }

    @Test
    @Order(3)
    void aBrowserSessionRotatesOnlyWithItsCsrfToken() throws Exception {
        // ada changed her password in the browser test.
        Commands.Result login = appliance.request("/login", "-D", "-", "-o", "/dev/null", "--data-urlencode", "name=ada",
                "--data-urlencode", "password=ada-own-password-7");
        Matcher cookie = Pattern.compile("(?im)^set-cookie: nightjar_session=([^;\\s]*)").matcher(login.stdout());
        assertTrue(cookie.find(), login.stdout());
        String session = "nightjar_session=" + cookie.group(1);
        String token = appliance.request("/api/me", "-b", session).stdout().replaceAll("(?s).*\"csrfToken\":\"([^\"]+)\".*", "$1");
        String before = credential().getProperty("secret");
        assertEquals("403", Appliance.status(appliance.request("/api/device-credential/rotate", "-X", "POST", "-b", session)),
                "no CSRF token");
        assertEquals("403", Appliance.status(appliance.request("/api/device-credential/rotate", "-X", "POST", "-b", session,
                "-H", "X-CSRF-Token: forged")));
        assertEquals(before, credential().getProperty("secret"), "nothing rotated");
        Commands.Result rotated = appliance.request("/api/device-credential/rotate", "-X", "POST", "-b", session,
                "-H", "X-CSRF-Token: " + token);
        assertEquals("200", Appliance.status(rotated));
        SECRETS.add(credential().getProperty("secret"));
        assertFalse(before.equals(credential().getProperty("secret")));
    }
}
