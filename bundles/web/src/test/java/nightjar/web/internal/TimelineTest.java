package nightjar.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Recordings page's timeline (ui/timeline.js) places clips in the browser's local time: across
 * midnight and on the days the clock changes, checked by {@code timeline/timeline-test.mjs} with Node.js
 * (installed by scripts/setup-debian.sh) in two time zones whose clocks change on different days.
 */
class TimelineTest {
    @TempDir
    Path directory;

    @Test
    void placesClipsInBerlin() throws Exception {
        run("Europe/Berlin");
    }

    @Test
    void placesClipsInNewYork() throws Exception {
        run("America/New_York");
    }

    private void run(String zone) throws Exception {
        // Node reads a .js file outside a "type": "module" package as CommonJS: the module is copied as .mjs.
        copy("/ui/timeline.js", directory.resolve("timeline.mjs"));
        copy("/timeline/timeline-test.mjs", directory.resolve("timeline-test.mjs"));
        Path output = directory.resolve("node.out");
        ProcessBuilder node = new ProcessBuilder("node", "timeline-test.mjs").directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        node.environment().put("TZ", zone);
        Process process;
        try {
            process = node.start();
        } catch (IOException e) {
            throw new AssertionError("Node.js (node) is needed for the timeline's test and is missing: run "
                    + "scripts/setup-debian.sh (" + e.getMessage() + ")", e);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("node timeline-test.mjs did not finish in 60 s:\n" + Files.readString(output));
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "TZ=" + zone + " node timeline-test.mjs:\n" + log);
        assertTrue(log.contains("# fail 0") && !log.contains("# pass 0"), "tests ran and passed:\n" + log);
    }

    private static void copy(String resource, Path target) throws IOException {
        try (InputStream in = TimelineTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource + " is on the test class path");
            Files.copy(in, target);
        }
    }
}
