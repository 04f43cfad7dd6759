package nightjar.distribution;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web UI in Debian's headless Chromium, driven by {@code src/test/browser/ui-test.mjs}
 * (playwright-core): log in with the generated password and be made to change it, see the live grid
 * move, add a viewer with one of two cameras, change the motion sensitivity and find it in
 * {@code config/}, and as the viewer see only that camera. Screenshots of every page go to
 * {@code target/browser-screenshots}. {@code scripts/setup-debian.sh} installs Chromium and
 * playwright-core.
 */
class WebBrowserIT {
    private static Appliance appliance;

    @BeforeAll
    static void unpackAndStart() throws Exception {
        appliance = Appliance.unpack("browser");
        // A second camera, so that "the viewer sees only its camera" means something.
        appliance.configure("nightjar.camera-back.cfg", "name", "Back yard", "source", "synthetic", "width", "640",
                "height", "480", "fps", "10");
        appliance.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (appliance != null) {
            appliance.finish("browser");
        }
    }

    @Test
    void aHomeownerUsesTheWebUi() throws Exception {
        Path screenshots = Path.of(System.getProperty("nightjar.screenshots"));
        String result = BrowserScript.run("ui-test.mjs", Map.of("NIGHTJAR_URL", appliance.url(""),
                "NIGHTJAR_PASSWORD", appliance.password(),
                "NIGHTJAR_CERT", appliance.certificate().toString(),
                "NIGHTJAR_CONFIG", appliance.home().resolve("config").toString(),
                "SCREENSHOTS", screenshots.toString()), appliance.home().resolve("../browser-test.log"), 240);
        assertTrue(result.contains("\"ok\":true") && result.contains("\"pictureMoves\":true")
                && result.contains("\"viewerCameras\":[\"front\"]") && result.contains("\"viewerOtherCamera\":403")
                && result.contains("\"detectorMemoryKB\":") && result.contains("\"distrustedPixels\":"), result);

        String motion = Files.readString(appliance.home().resolve("config/nightjar.motion-front.cfg"));
        assertTrue(motion.lines().anyMatch(line -> line.matches("sensitivity *= *35")), motion);
        String accounts = Files.readString(appliance.home().resolve("data/accounts.properties"));
        assertTrue(accounts.contains("vera.role=viewer") && accounts.contains("vera.cameras=front"), accounts);
        assertTrue(accounts.contains("admin.mustChangePassword=false"), "the admin changed the generated password");
        for (String page : List.of("01-login", "02-change-password", "03-live-grid", "05-camera", "06-recordings",
                "07-users", "08-settings-motion", "09-system", "10-viewer-live", "11-phone-live")) {
            assertTrue(Files.size(screenshots.resolve(page + ".png")) > 5_000, page);
        }
    }
}
