package nightjar.itests;

import static nightjar.itests.FrameworkChecks.await;
import static nightjar.itests.FrameworkChecks.bundle;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;


import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;

/**
 * The web UI in the assembled framework: motion and recording appear in its answers while their
 * bundles run and leave them when stopped, without the UI failing; stopping the web bundle takes
 * only the UI away, not the streams.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class WebFrameworkIT extends FrameworkTest {
    private Https https;

    @Before
    public void configure() throws Exception {
        https = Https.onTestPort(context, configurationAdmin);
        Configurations.ifAbsent(configurationAdmin, "nightjar.recorder", "directory",
                Configurations.recordingsDirectory(context), "minFreeMB", 1.0);
        Configurations.syntheticFront(configurationAdmin);
        Configurations.factoryIfAbsent(configurationAdmin, "nightjar.motion", "front", "enabled", true);
        int[] answer = {-1};
        await("the web API over HTTPS", () -> (answer[0] = https.status("/api/cameras")) == 200,
                () -> "last answer " + (answer[0] < 0 ? "none" : "HTTP " + answer[0]));
    }

    private String get(String path) throws IOException, GeneralSecurityException {
        HttpURLConnection connection = https.open(path);
        try (InputStream in = connection.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            connection.disconnect();
        }
    }

    private boolean answersWith(String text) {
        try {
            return get("/api/cameras").contains(text);
        } catch (IOException | GeneralSecurityException e) {
            return false;
        }
    }

    @Test
    public void motionAndRecordingAppearWhileTheirBundlesRun() throws Exception {
        await("motion and recording in the camera's state",
                () -> answersWith("\"motion\":{") && answersWith("\"recording\":{"));
        Bundle motion = bundle(context, "nightjar.motion");
        Bundle recorder = bundle(context, "nightjar.recorder");
        motion.stop();
        recorder.stop();
        try {
            await("no motion and no recording once their bundles stop",
                    () -> !answersWith("\"motion\":{") && !answersWith("\"recording\":{") && answersWith("\"id\":\"front\""));
            assertTrue(get("/api/cameras").contains("\"recorder\":false"));
            assertEquals(200, https.status("/ui/index.html"));
        } finally {
            motion.start();
            recorder.start();
        }
        await("motion and recording back", () -> answersWith("\"motion\":{") && answersWith("\"recording\":{"));
    }

    @Test
    public void stoppingTheWebBundleTakesOnlyTheUiAway() throws Exception {
        Bundle web = bundle(context, "nightjar.web");
        assertEquals(200, https.status("/ui/index.html"));
        web.stop();
        try {
            await("the UI gone", () -> https.status("/ui/index.html") == 404);
            assertEquals(200, https.status("/cameras/front/snapshot.jpg"));
            assertFalse(https.status("/api/cameras") == 200);
        } finally {
            web.start();
        }
        await("the UI back", () -> https.status("/ui/index.html") == 200 && https.status("/api/cameras") == 200);
    }
}
