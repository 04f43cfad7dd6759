package nightjar.codec.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import nightjar.codec.jpeg.JpegException;
import nightjar.codec.theora.TheoraOggWriter;
import nightjar.codec.theora.TheoraOptions;

/**
 * {@code nightjar jpeg-to-ogg [--fps N] [--quality Q] [--skip MSE] <directory of JPEG frames> <out.ogg>}: a folder of
 * snapshots (in name order) into a clip, with exactly the recorder's encoder. For time-lapses and
 * exports, and to measure the encoder from outside.
 */
public final class JpegToOgg {
    private JpegToOgg() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        int fps = 15;
        int quality = TheoraOptions.DEFAULT_QUALITY;
        double skip = TheoraOptions.DEFAULT_SKIP_THRESHOLD;
        int i = 0;
        try {
            for (; i < args.length && args[i].startsWith("--"); i++) {
                switch (args[i]) {
                    case "--fps" -> fps = Integer.parseInt(args[++i]);
                    case "--quality" -> quality = Integer.parseInt(args[++i]);
                    case "--skip" -> skip = Double.parseDouble(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (args.length - i != 2) {
                throw new IllegalArgumentException("expected a directory of JPEG frames and an output file");
            }
            TheoraOptions options = TheoraOptions.of(fps).withQuality(quality).withSkipThreshold(skip)
                    .withComments(Map.of("ENCODER", "nightjar jpeg-to-ogg"));
            return convert(Path.of(args[i]), Path.of(args[i + 1]), options, out, err);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            err.println("jpeg-to-ogg: " + (e instanceof ArrayIndexOutOfBoundsException ? "an option needs a value"
                    : e.getMessage()));
            err.println("usage: nightjar jpeg-to-ogg [--fps N] [--quality Q] [--skip MSE] <directory of JPEG frames> <out.ogg>");
            return 2;
        }
    }

    private static int convert(Path directory, Path output, TheoraOptions options, PrintStream out, PrintStream err) {
        List<Path> frames;
        try (var files = Files.list(directory)) {
            frames = files.filter(f -> {
                String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
                return name.endsWith(".jpg") || name.endsWith(".jpeg");
            }).sorted().toList();
        } catch (IOException e) {
            err.println("jpeg-to-ogg: cannot list " + directory + ": " + e.getMessage());
            return 1;
        }
        if (frames.isEmpty()) {
            err.println("jpeg-to-ogg: no .jpg or .jpeg files in " + directory);
            return 1;
        }
        long frameNanos = 1_000_000_000L / options.framesPerSecond();
        int skipped = 0;
        long started = System.nanoTime();
        TheoraOggWriter.Statistics statistics;
        try (TheoraOggWriter writer = TheoraOggWriter.open(FileChannel.open(output, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), options)) {
            for (int n = 0; n < frames.size(); n++) {
                try {
                    writer.write(Files.readAllBytes(frames.get(n)), n * frameNanos);
                } catch (JpegException e) {
                    err.println("jpeg-to-ogg: skipping " + frames.get(n).getFileName() + ": " + e.getMessage());
                    skipped++;
                }
            }
            writer.close();
            statistics = writer.statistics();
        } catch (IOException e) {
            err.println("jpeg-to-ogg: " + e.getMessage());
            return 1;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "%d frames, %.2f seconds of video, %d bytes written to %s%n",
                statistics.framesEncoded(), statistics.seconds(), statistics.bytesWritten(), output);
        out.printf(Locale.ROOT, "%d repeated, %d skipped; encoded in %.2f s (%.1f frames/s)%n",
                statistics.framesRepeated(), skipped, seconds, frames.size() / seconds);
        return skipped == frames.size() ? 1 : 0;
    }
}
