package nightjar.codec.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The independent implementations the codec is checked against: ffmpeg, and libjpeg-turbo's cjpeg
 * and jpegtran (scripts/setup-debian.sh installs them).
 */
public final class Tools {
    private Tools() {
    }

    /** Runs a command in {@code directory}; fails the test with its output if it fails. */
    public static String run(Path directory, String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile(directory, "tool", ".out");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + text);
        return text;
    }

    /** A JPEG of ffmpeg's moving test pattern, encoded by ffmpeg's mjpeg encoder. */
    public static byte[] ffmpegJpeg(Path directory, int width, int height, String pixelFormat, int qscale, int frame)
            throws IOException, InterruptedException {
        Path file = directory.resolve("ffmpeg-" + width + "x" + height + "-" + pixelFormat + "-" + qscale + "-" + frame
                + ".jpg");
        run(directory, "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=" + width + "x" + height + ":rate=25", "-vf", "select=eq(n\\," + frame + ")",
                "-frames:v", "1", "-pix_fmt", pixelFormat, "-c:v", "mjpeg", "-q:v", Integer.toString(qscale),
                file.toString());
        return Files.readAllBytes(file);
    }

    /** ffmpeg's decode of a JPEG into raw planes at the given pixel format (e.g. yuvj420p, gray). */
    public static byte[] ffmpegDecode(Path directory, byte[] jpeg, String pixelFormat)
            throws IOException, InterruptedException {
        Path in = Files.createTempFile(directory, "in", ".jpg");
        Path out = Files.createTempFile(directory, "out", ".yuv");
        Files.write(in, jpeg);
        run(directory, "ffmpeg", "-nostdin", "-v", "error", "-y", "-i", in.toString(), "-f", "rawvideo",
                "-pix_fmt", pixelFormat, out.toString());
        return Files.readAllBytes(out);
    }

    /** libjpeg-turbo's cjpeg with the given options, from a PPM or PGM picture. */
    public static byte[] cjpeg(Path directory, byte[] picture, String... options) throws IOException, InterruptedException {
        Path in = Files.createTempFile(directory, "in", ".pnm");
        Path out = Files.createTempFile(directory, "out", ".jpg");
        Files.write(in, picture);
        List<String> command = new ArrayList<>(List.of("cjpeg"));
        command.addAll(List.of(options));
        command.addAll(List.of("-outfile", out.toString(), in.toString()));
        run(directory, command.toArray(String[]::new));
        return Files.readAllBytes(out);
    }

    /** libjpeg-turbo's jpegtran (lossless rewrites: restart markers, optimized tables). */
    public static byte[] jpegtran(Path directory, byte[] jpeg, String... options) throws IOException, InterruptedException {
        Path in = Files.createTempFile(directory, "in", ".jpg");
        Path out = Files.createTempFile(directory, "out", ".jpg");
        Files.write(in, jpeg);
        List<String> command = new ArrayList<>(List.of("jpegtran"));
        command.addAll(List.of(options));
        command.addAll(List.of("-outfile", out.toString(), in.toString()));
        run(directory, command.toArray(String[]::new));
        return Files.readAllBytes(out);
    }

    /** ffmpeg's test pattern as a binary PPM of any size (odd ones cropped from the next even), for cjpeg. */
    public static byte[] ppm(Path directory, int width, int height) throws IOException, InterruptedException {
        Path out = directory.resolve("pattern-" + width + "x" + height + ".ppm");
        run(directory, "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=" + (width + 1) / 2 * 2 + "x" + (height + 1) / 2 * 2, "-vf",
                "format=rgb24,crop=" + width + ":" + height + ":0:0", "-frames:v", "1", "-pix_fmt", "rgb24", out.toString());
        return Files.readAllBytes(out);
    }

    /** Peak signal-to-noise ratio of two 8-bit sample arrays, in dB (infinite when equal). */
    public static double psnr(byte[] a, int aOffset, byte[] b, int bOffset, int length) {
        double squares = 0;
        for (int i = 0; i < length; i++) {
            int d = (a[aOffset + i] & 0xff) - (b[bOffset + i] & 0xff);
            squares += d * d;
        }
        return squares == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 * length / squares);
    }
}
