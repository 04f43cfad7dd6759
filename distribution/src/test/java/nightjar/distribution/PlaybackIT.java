package nightjar.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A recording of the running distribution played in Debian's headless Chromium, which has no Theora of
 * its own, by the web UI's player (ogv.js served by the appliance), driven by
 * {@code src/test/browser/playback-test.mjs}: the clip starts and its position advances, the picture is
 * the recorded one, a seek to the middle shows the frame of that time, frame steps and speeds work, the
 * file is read with Range requests (206), and the content security policy reports nothing. Screenshots
 * of the camera page with the player (desktop 1280x800, phone 390x844) go to {@code target/}.
 */
class PlaybackIT {
    private static final Pattern NAME = Pattern.compile("\"name\":\"([^\"]+)\"");
    private static Appliance appliance;

    @BeforeAll
    static void unpackAndStart() throws Exception {
        appliance = Appliance.unpack("playback");
        // No motion clips: the synthetic scene moves all the time, and a manual recording would go into its clip.
        appliance.configure("nightjar.motion-front.cfg", "enabled", "false");
        appliance.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (appliance != null) {
            assertEquals(List.of(), Appliance.errors(appliance.finish("playback")));
        }
    }

    @Test
    void aRecordingPlaysInChromiumWithoutTheoraFromItsOwnDecoder() throws Exception {
        // The decoders are WebAssembly: served as such, browsers compile them while they download.
        Commands.Result wasm = appliance.request("/ui/ogv/ogv-decoder-video-theora-wasm.wasm", "-o", "/dev/null",
                "-D", "-", "-u", "admin:" + appliance.password());
        assertTrue(wasm.stdout().matches("(?si).*\\ncontent-type: application/wasm\\r?\\n.*"), wasm.stdout());
        // Its licences go with it: in the tarball, and served next to it.
        for (String licence : List.of("COPYING", "COPYING-ogg.txt", "COPYING-theora.txt", "COPYING-vorbis.txt",
                "COPYING-opus.txt")) {
            assertTrue(Files.size(appliance.home().resolve("licenses/ogv").resolve(licence)) > 500, licence);
            assertEquals("200", appliance.curl("/ui/ogv/" + licence).stdout(), licence);
        }

        String clip = record(20);
        String next = record(5);

        Path screenshots = Path.of(System.getProperty("nightjar.screenshots")).getParent();
        String result = BrowserScript.run("playback-test.mjs", Map.of("NIGHTJAR_URL", appliance.url(""),
                "NIGHTJAR_PASSWORD", appliance.password(),
                "NIGHTJAR_CERT", appliance.certificate().toString(),
                "NIGHTJAR_CLIP", clip,
                "NIGHTJAR_NEXT_CLIP", next,
                "SCREENSHOTS", screenshots.toString()), appliance.home().resolve("../playback-test.log"), 240);
        assertTrue(result.contains("\"ok\":true") && result.contains("\"theora\":\"\"")
                && result.contains("\"violations\":[]") && result.contains("/ui/ogv/ogv-worker-video.js"), result);
        for (String page : List.of("player-camera-page", "player-desktop", "player-phone")) {
            assertTrue(Files.size(screenshots.resolve(page + ".png")) > 5_000, page);
        }
    }

    /** Records by hand through the web API ("record now") for about this long; returns the new clip's name. */
    private static String record(int seconds) throws Exception {
        List<String> before = clips();
        assertEquals("200", record(true));
        Thread.sleep(seconds * 1000L);
        assertEquals("200", record(false));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            List<String> now = clips();
            if (now.size() > before.size()) {
                return now.stream().filter(name -> !before.contains(name)).findFirst().orElseThrow();
            }
            assertTrue(System.nanoTime() < deadline, "no finished clip:\n" + appliance.printableLog());
            Thread.sleep(500);
        }
    }

    /** The names of the finished clips of camera front. */
    private static List<String> clips() throws Exception {
        Matcher found = NAME.matcher(appliance.request("/cameras/front/recordings", "-u", "admin:" + appliance.password())
                .stdout());
        return found.results().map(match -> match.group(1)).toList();
    }

    private static String record(boolean on) throws Exception {
        return Appliance.status(appliance.request("/api/cameras/front/record", "-o", "/dev/null", "-X", "POST",
                "-H", "Content-Type: application/json", "--data-binary", "{\"on\":" + on + "}",
                "-u", "admin:" + appliance.password()));
    }
}
