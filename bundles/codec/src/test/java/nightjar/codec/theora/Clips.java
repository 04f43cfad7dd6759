package nightjar.codec.theora;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nightjar.codec.testing.Tools;

/** Clips made by our writer and measured by ffmpeg and ffprobe. */
final class Clips {
    private Clips() {
    }

    static TheoraOggWriter writer(Path file, TheoraOptions options) throws IOException {
        return TheoraOggWriter.open(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), options);
    }

    /** Frames 0..count-1 of ffmpeg's moving test pattern as JPEGs in their own folder, named in order. */
    static Path jpegFrames(Path directory, int width, int height, String format, int qscale, int count)
            throws IOException, InterruptedException {
        Path frames = directory.resolve("frames-" + width + "x" + height + "-" + format + "-" + qscale + "-" + count);
        if (Files.isDirectory(frames)) {
            return frames;
        }
        Files.createDirectories(frames);
        Tools.run(frames, "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=" + width + "x" + height + ":rate=25", "-frames:v", Integer.toString(count),
                "-pix_fmt", format, "-c:v", "mjpeg", "-q:v", Integer.toString(qscale), "%05d.jpg");
        return frames;
    }

    static List<byte[]> read(Path frames) throws IOException {
        List<byte[]> result = new ArrayList<>();
        try (var files = Files.list(frames)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList()) {
                result.add(Files.readAllBytes(file));
            }
        }
        return result;
    }

    /** ffprobe's view: codec, width, height, pixel format, frames counted by decoding, duration. */
    static String probe(Path clip) throws IOException, InterruptedException {
        return Tools.run(clip.getParent(), "ffprobe", "-v", "error", "-count_frames", "-show_entries",
                "stream=codec_name,width,height,pix_fmt,nb_read_frames,duration", "-of", "default=noprint_wrappers=1",
                clip.toString());
    }

    /** ffmpeg's strict decode of the whole clip; what it prints (nothing when all is well). */
    static String strictDecode(Path clip) throws IOException, InterruptedException {
        return Tools.run(clip.getParent(), "ffmpeg", "-nostdin", "-v", "error", "-xerror", "-i", clip.toString(),
                "-f", "null", "-");
    }

    /**
     * ffmpeg's luma PSNR of the clip against the source JPEGs, converted from JFIF's full range to
     * video range as a player shows them.
     */
    static double lumaPsnr(Path clip, Path frames, int fps, String pixelFormat) throws IOException, InterruptedException {
        String output = Tools.run(clip.getParent(), "ffmpeg", "-nostdin", "-i", clip.toString(), "-framerate",
                Integer.toString(fps), "-i", frames.resolve("%05d.jpg").toString(), "-lavfi",
                "[1:v]scale=in_range=full:out_range=limited,format=" + pixelFormat + "[reference];"
                        + "[0:v]format=" + pixelFormat + "[ours];[ours][reference]psnr",
                "-f", "null", "-");
        Matcher m = Pattern.compile("PSNR y:([0-9.]+|inf)").matcher(output);
        if (!m.find()) {
            throw new AssertionError("no PSNR in ffmpeg's output:\n" + output);
        }
        return m.group(1).equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
    }

    static String field(String probe, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "=(.*)$").matcher(probe);
        if (!m.find()) {
            throw new AssertionError(name + " not in " + probe);
        }
        return m.group(1).trim();
    }
}
