package nightjar.distribution;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A script of {@code src/test/browser} run with Node.js: it drives Debian's headless Chromium through
 * playwright-core (both installed by {@code scripts/setup-debian.sh}) and prints one line
 * {@code RESULT {json}}. Its output goes to the test's output and to {@code output}.
 */
final class BrowserScript {
    private BrowserScript() {
    }

    /** Runs the script with these environment variables; asserts it exited 0 in time, returns its RESULT line. */
    static String run(String script, Map<String, String> environment, Path output, int seconds) throws Exception {
        Path directory = Path.of(System.getProperty("nightjar.browsertest"));
        assertTrue(Files.isDirectory(directory.resolve("node_modules/playwright-core")),
                "playwright-core is missing: run scripts/setup-debian.sh");
        assertTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "Chromium is missing: run scripts/setup-debian.sh");
        ProcessBuilder node = new ProcessBuilder("node", script).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        node.environment().putAll(environment);
        Process process = node.start();
        boolean finished = process.waitFor(seconds, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String log = Files.readString(output);
        System.out.println("---- " + script + " ----\n" + log);
        assertTrue(finished, script + " finished within " + seconds + " s");
        assertTrue(process.exitValue() == 0, log);
        return log.lines().filter(line -> line.startsWith("RESULT ")).findFirst().orElse("");
    }
}
