package nightjar.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real command-line tools a user would: tar, curl, ffmpeg. */
final class Commands {
    record Result(int exitCode, String stdout, String stderr) {
    }

    private Commands() {
    }

    static Result run(Path directory, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("nightjar-e2e", ".out");
        Path err = Files.createTempFile("nightjar-e2e", ".err");
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                    Files.readString(err, StandardCharsets.ISO_8859_1));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
