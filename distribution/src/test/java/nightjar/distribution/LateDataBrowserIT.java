package nightjar.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web UI when a page's answer comes after the user has gone to another page, in Debian's headless
 * Chromium ({@code src/test/browser/late-data-test.mjs}, with the page's answers held back by request
 * interception and the page's timers on Playwright's paused clock): the live grid's late cameras leave
 * the System page drawn and polling, and poll no more themselves; a late error of the Recordings or the
 * Users page shows nowhere on the page shown by then; leaving the live grid or a camera's page ends
 * their MJPEG streams on the appliance.
 */
class LateDataBrowserIT {
    private static Appliance appliance;

    @BeforeAll
    static void unpackAndStart() throws Exception {
        appliance = Appliance.unpack("latedata");
        appliance.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (appliance != null) {
            appliance.finish("late data");
        }
    }

    @Test
    void aPageShownStaysAsItIsWhateverThePagesLeftAnswerLate() throws Exception {
        // An admin of the browser's own, so the generated admin keeps the password curl uses.
        Commands.Result created = appliance.request("/api/users", "-u", "admin:" + appliance.password(),
                "-H", "Content-Type: application/json", "--data-binary",
                "{\"name\":\"ada\",\"password\":\"ada-password-12\",\"role\":\"admin\"}");
        assertEquals("201", Appliance.status(created), created.stdout());

        Path screenshots = Path.of(System.getProperty("nightjar.screenshots"));
        String result = BrowserScript.run("late-data-test.mjs", Map.of("NIGHTJAR_URL", appliance.url(""),
                "NIGHTJAR_CERT", appliance.certificate().toString(),
                "SCREENSHOTS", screenshots.toString()), appliance.home().resolve("../late-data-test.log"), 180);
        assertTrue(result.contains("\"ok\":true") && result.contains("\"problems\":[]")
                && result.contains("\"camerasPolledOnSystem\":0") && result.contains("\"streamsOnSystem\":0"), result);
        for (String page : List.of("31-late-live-then-system", "32-late-error-then-users", "33-late-error-then-live",
                "34-camera-left-for-system")) {
            assertTrue(Files.size(screenshots.resolve(page + ".png")) > 5_000, page);
        }
    }
}
