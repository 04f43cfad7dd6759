package nightjar.rtsp.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import nightjar.codec.jpeg.JpegEncoder;
import nightjar.codec.jpeg.Sampling;
import nightjar.codec.jpeg.YCbCrImage;

/** Test pictures: ours (Annex K tables, carried as they are) and other encoders' (libjpeg-turbo, ffmpeg). */
final class Pictures {
    private Pictures() {
    }

    /** A moving gradient at the given sampling, frame n, from our encoder. */
    static byte[] ours(int width, int height, Sampling sampling, int n) {
        YCbCrImage image = YCbCrImage.allocate(width, height, sampling);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.y()[y * width + x] = (byte) ((x + y + 4 * n) & 0xff);
            }
        }
        for (int i = 0; i < image.cb().length; i++) {
            image.cb()[i] = (byte) (100 + (i % 50));
            image.cr()[i] = (byte) (160 - (i % 40));
        }
        return new JpegEncoder(80).encode(image);
    }

    /** Runs a command; its output (stdout and stderr) when it exits 0, else an AssertionError with it. */
    static String run(Path directory, List<String> command, int seconds) throws IOException, InterruptedException {
        Path output = Files.createTempFile(directory, "out", ".txt");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + seconds + " s:\n"
                    + Files.readString(output, StandardCharsets.UTF_8));
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + ":\n" + text);
        }
        return text;
    }

    /** A command's exit code and output, whatever the code. */
    static Result attempt(Path directory, List<String> command, int seconds) throws IOException, InterruptedException {
        try {
            return new Result(0, run(directory, command, seconds));
        } catch (AssertionError e) {
            String message = String.valueOf(e.getMessage());
            return new Result(message.contains(" did not finish ") ? -1 : 1, message);
        }
    }

    record Result(int exitCode, String output) {
    }

    /** cjpeg's JPEG of ffmpeg's test pattern with the given options (e.g. -sample 1x1, -optimize, -restart 1). */
    static byte[] cjpeg(Path directory, int width, int height, String... options) throws IOException, InterruptedException {
        Path ppm = directory.resolve("pattern-" + width + "x" + height + ".ppm");
        if (!Files.exists(ppm)) {
            run(directory, List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=" + width
                    + "x" + height, "-frames:v", "1", "-pix_fmt", "rgb24", ppm.toString()), 60);
        }
        Path out = Files.createTempFile(directory, "cjpeg", ".jpg");
        List<String> command = new ArrayList<>(List.of("cjpeg"));
        command.addAll(List.of(options));
        command.addAll(List.of("-outfile", out.toString(), ppm.toString()));
        run(directory, command, 60);
        return Files.readAllBytes(out);
    }

    /** ffmpeg's decode of a JPEG to raw planes of the given pixel format. */
    static byte[] decode(Path directory, byte[] jpeg, String pixelFormat) throws IOException, InterruptedException {
        Path in = Files.createTempFile(directory, "in", ".jpg");
        Path out = Files.createTempFile(directory, "out", ".yuv");
        Files.write(in, jpeg);
        run(directory, List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", in.toString(), "-f", "rawvideo",
                "-pix_fmt", pixelFormat, out.toString()), 60);
        return Files.readAllBytes(out);
    }
}
