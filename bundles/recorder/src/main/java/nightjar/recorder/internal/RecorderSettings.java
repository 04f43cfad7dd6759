package nightjar.recorder.internal;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import nightjar.api.camera.CameraIds;

/**
 * The recorder's configuration, checked, in the units the code uses.
 *
 * @param directory the recordings directory, absolute
 * @param recordMotion whether motion events start clips
 * @param preRollNanos how far before the motion start a clip begins
 * @param preRollMaxBytes the most the pre-roll of one camera holds
 * @param postRollNanos how long a motion clip goes on after the motion ended
 * @param maxClipNanos the longest clip
 * @param continuousCameras cameras recorded all the time
 * @param segmentNanos the length of a continuous segment
 * @param fps the clips' frame rate, 0 for the camera's
 * @param quality Theora quality
 * @param maxAgeMillis age after which a clip goes, 0 for never
 * @param maxTotalBytes the most all recordings may take, 0 for no limit
 * @param minFreeBytes free space to keep, 0 for a share of the file system (see {@link #floorBytes})
 */
record RecorderSettings(Path directory, boolean recordMotion, long preRollNanos, long preRollMaxBytes,
        long postRollNanos, long maxClipNanos, Set<String> continuousCameras, long segmentNanos, int fps, int quality,
        long maxAgeMillis, long maxTotalBytes, long minFreeBytes) {
    private static final double MB = 1024 * 1024;
    private static final long SECOND = 1_000_000_000L;
    /**
     * The automatic floor: a twentieth of the file system, so a small SD card is not stopped by a floor
     * meant for a large disk, within 64 MB (room for a few clips) and 500 MB (enough on any disk).
     */
    private static final long AUTO_FLOOR_DIVISOR = 20;
    private static final long AUTO_FLOOR_MIN = 64L * 1024 * 1024;
    private static final long AUTO_FLOOR_MAX = 500L * 1024 * 1024;

    /** Checks the configuration; IllegalArgumentException says what is wrong. */
    static RecorderSettings of(RecorderConfig config, Path home) {
        String directory = config.directory().trim();
        if (directory.isEmpty()) {
            throw new IllegalArgumentException("directory must not be empty");
        }
        Set<String> continuous = new LinkedHashSet<>();
        for (String entry : config.continuousCameras()) {
            for (String id : entry.split(",")) {
                String trimmed = id.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (!CameraIds.isValid(trimmed)) {
                    throw new IllegalArgumentException("continuousCameras: '" + trimmed + "' is not a camera id");
                }
                continuous.add(trimmed);
            }
        }
        return new RecorderSettings(home.resolve(directory).toAbsolutePath().normalize(), config.recordMotion(),
                nanos(within("preRollSeconds", config.preRollSeconds(), 0, 30)),
                (long) within("preRollMaxMB", config.preRollMaxMB(), 1, 256) * 1024 * 1024,
                nanos(within("postRollSeconds", config.postRollSeconds(), 0, 600)),
                nanos(within("maxClipSeconds", config.maxClipSeconds(), 10, 86_400)), Set.copyOf(continuous),
                nanos(within("segmentMinutes", config.segmentMinutes(), 1, 1440) * 60),
                (int) within("fps", config.fps(), 0, 60), (int) within("quality", config.quality(), 1, 100),
                (long) (within("maxAgeDays", config.maxAgeDays(), 0, 36_500) * 86_400_000),
                (long) (within("maxTotalMB", config.maxTotalMB(), 0, 1e9) * MB),
                (long) (within("minFreeMB", config.minFreeMB(), 0, 1e9) * MB));
    }

    private static double within(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " must be " + format(min) + " to " + format(max) + ", was "
                    + format(value));
        }
        return value;
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static long nanos(double seconds) {
        return Math.round(seconds * SECOND);
    }

    /** The free space to keep on a file system of {@code totalBytes}: the configured floor, or the automatic one. */
    long floorBytes(long totalBytes) {
        if (minFreeBytes > 0) {
            return minFreeBytes;
        }
        return Math.max(AUTO_FLOOR_MIN, Math.min(AUTO_FLOOR_MAX, totalBytes / AUTO_FLOOR_DIVISOR));
    }

    /** The longest a clip for this reason may be before it is split. */
    long maxNanos(Reason reason) {
        return reason == Reason.CONTINUOUS ? segmentNanos : maxClipNanos;
    }
}
