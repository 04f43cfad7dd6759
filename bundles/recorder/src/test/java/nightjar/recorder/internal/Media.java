package nightjar.recorder.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** ffprobe and ffmpeg, the independent decoders our clips are checked with. */
final class Media {
    private Media() {
    }

    /** The duration ffprobe reports, in seconds. */
    static double duration(Path clip) throws IOException, InterruptedException {
        String out = run("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                clip.toString());
        return Double.parseDouble(out.trim());
    }

    /** Decodes every frame with ffmpeg (libtheora's decoder), failing on any error it reports; the frames decoded. */
    static int decode(Path clip) throws IOException, InterruptedException {
        String out = run("ffmpeg", "-nostdin", "-v", "error", "-xerror", "-i", clip.toString(), "-f", "null",
                "-stats_period", "1000", "-progress", "pipe:1", "-");
        int frames = -1;
        for (String line : out.split("\n")) {
            if (line.startsWith("frame=")) {
                frames = Integer.parseInt(line.substring(6).trim());
            }
        }
        return frames;
    }

    /** The codec ffprobe names for the first video stream. */
    static String codec(Path clip) throws IOException, InterruptedException {
        return run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name", "-of",
                "csv=p=0", clip.toString()).trim();
    }

    static String run(String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("media", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + text);
            if (command[0].equals("ffmpeg") && text.lines().anyMatch(l -> !l.contains("=") && !l.isBlank())) {
                throw new AssertionError("ffmpeg reported: " + text);
            }
            return text;
        } finally {
            Files.delete(output);
        }
    }
}
