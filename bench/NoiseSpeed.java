import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import nightjar.codec.theora.TheoraOggWriter;
import nightjar.codec.theora.TheoraOptions;

/**
 * The transcode's frames per second on one thread (its CPU time), for a folder of JPEG frames held in
 * memory, at default settings unless {@code --quality Q} / {@code --skip MSE} follow the folder: two
 * warm-up passes, then five measured passes, each a whole clip.
 */
public final class NoiseSpeed {
    public static void main(String[] args) throws Exception {
        List<Path> files;
        try (var list = Files.list(Path.of(args[0]))) {
            files = list.filter(f -> f.toString().endsWith(".jpg")).sorted().toList();
        }
        byte[][] jpegs = new byte[files.size()][];
        for (int i = 0; i < jpegs.length; i++) {
            jpegs[i] = Files.readAllBytes(files.get(i));
        }
        TheoraOptions options = TheoraOptions.of(15);
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--quality" -> options = options.withQuality(Integer.parseInt(args[i + 1]));
                case "--skip" -> options = options.withSkipThreshold(Double.parseDouble(args[i + 1]));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        StringBuilder rates = new StringBuilder();
        for (int pass = 0; pass < 7; pass++) {
            long started = threads.getCurrentThreadCpuTime();
            try (TheoraOggWriter writer = TheoraOggWriter.open(Channels.newChannel(OutputStream.nullOutputStream()), options)) {
                for (int f = 0; f < jpegs.length; f++) {
                    writer.write(jpegs[f], f * (1_000_000_000L / 15));
                }
            }
            double seconds = (threads.getCurrentThreadCpuTime() - started) / 1e9;
            if (pass >= 2) {
                rates.append(String.format(Locale.ROOT, " %.0f", jpegs.length / seconds));
            }
        }
        System.out.println("frames/s (5 passes of " + jpegs.length + " frames):" + rates);
    }
}
