package nightjar.motion.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import nightjar.codec.jpeg.JpegException;

/**
 * {@code bin/nightjar motion-detect [--fps N] [--config file.cfg] <directory of JPEG frames>}: runs the
 * appliance's detector on recorded frames (in name order, {@code --fps} apart, 15 unless told) and
 * prints {@code frame,motion,score,event} per frame: the file name; 1 when the frame itself is
 * motion (after noise, zones, the minimum area, persistence and the minimum number of frames, but
 * without the event gap's hold); the moving fraction of the picture; 1 while an event is in progress.
 * A frame the detector skips (it analyses {@code analysisFps} frames a second while nothing moves,
 * every frame after one with motion or a region in calm cells) repeats the last analysed frame's
 * values. This is how the detector is evaluated: keep the format.
 */
public final class MotionDetect {
    private static final String USAGE = "usage: nightjar motion-detect [--fps N] [--config file.cfg] "
            + "<directory of JPEG frames>";

    private MotionDetect() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args, System.out, System.err));
        } catch (IllegalArgumentException e) {
            System.err.println("nightjar motion-detect: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        } catch (IOException e) {
            System.err.println("nightjar motion-detect: " + e.getMessage());
            System.exit(1);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        double fps = 15;
        @Nullable Path configFile = null;
        @Nullable Path directory = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fps" -> fps = parseFps(value(args, ++i, "--fps"));
                case "--config" -> configFile = Path.of(value(args, ++i, "--config"));
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> {
                    if (args[i].startsWith("-") || directory != null) {
                        throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
                    }
                    directory = Path.of(args[i]);
                }
            }
        }
        if (directory == null) {
            throw new IllegalArgumentException("no directory of frames given");
        }
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException(directory + " is not a directory");
        }
        MotionConfig config = configFile == null ? ConfigFile.of(Map.of(), MotionConfig.class)
                : ConfigFile.read(configFile, MotionConfig.class);
        CameraDetector detector = new CameraDetector(MotionSettings.of(config));
        List<Path> frames;
        try (Stream<Path> files = Files.list(directory)) {
            frames = files.filter(MotionDetect::isJpeg).sorted().collect(Collectors.toList());
        }
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no .jpg or .jpeg files in " + directory);
        }
        out.println("frame,motion,score,event");
        double score = 0;
        int unreadable = 0;
        for (int i = 0; i < frames.size(); i++) {
            Path frame = frames.get(i);
            long nanos = Math.round(i * 1e9 / fps);
            if (detector.due(nanos)) {
                byte[] jpeg = Files.readAllBytes(frame);
                try {
                    detector.analyse(jpeg, jpeg.length, nanos);
                    score = detector.model().score();
                } catch (JpegException e) {
                    detector.unreadable(nanos);
                    score = 0;
                    unreadable++;
                    err.println("nightjar motion-detect: " + frame.getFileName() + " skipped: " + e.getMessage());
                }
            }
            out.println(frame.getFileName() + "," + (detector.motion() ? 1 : 0) + ","
                    + String.format(Locale.ROOT, "%.5f", score) + "," + (detector.inEvent() ? 1 : 0));
        }
        if (unreadable > 0) {
            err.println("nightjar motion-detect: " + unreadable + " of " + frames.size() + " frames unreadable");
        }
        return 0;
    }

    private static boolean isJpeg(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return (name.endsWith(".jpg") || name.endsWith(".jpeg")) && Files.isRegularFile(file);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static double parseFps(String text) {
        try {
            double fps = Double.parseDouble(text);
            if (fps > 0 && fps <= 1000) {
                return fps;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("--fps must be a number above 0 and at most 1000, was '" + text + "'");
    }
}
