package nightjar.motion.internal;

/**
 * A detector's configuration, checked and turned into the model's units.
 *
 * @param enabled whether detection is on after a start
 * @param thresholdFloor smallest luma difference (0 to 255) that counts as a change
 * @param noiseFactor how many times a cell's noise level its difference must exceed
 * @param minAreaFraction smallest region that counts, as a fraction of the picture
 * @param zones where motion counts
 * @param minFrames analysed frames a moving region must be followed for before it counts as motion
 * @param eventGapNanos time without motion after which an event ends
 * @param analysisPeriodNanos time between analysed frames
 * @param absorbMillis time after which a still object becomes background
 * @param lightChangeFraction changed fraction of the picture that makes a frame a light change
 */
record MotionSettings(boolean enabled, float thresholdFloor, float noiseFactor, double minAreaFraction, Zones zones,
        int minFrames, long eventGapNanos, long analysisPeriodNanos, int absorbMillis, double lightChangeFraction) {

    static MotionSettings of(MotionConfig config) {
        requireRange("sensitivity", config.sensitivity(), 1, 100);
        requireRange("minArea", config.minArea(), 0.01, 100);
        requireRange("minFrames", config.minFrames(), 1, 50);
        requireRange("eventGapSeconds", config.eventGapSeconds(), 0.5, 3600);
        requireRange("analysisFps", config.analysisFps(), 0.5, 60);
        requireRange("absorbSeconds", config.absorbSeconds(), 1, 86400);
        requireRange("lightChangePercent", config.lightChangePercent(), 10, 100);
        // Sensitivity 50 asks for a difference of 10 levels and 4 times the cell's noise (its mean
        // absolute difference, so about 5 standard deviations); 100 for 2 levels and twice the noise.
        float insensitivity = (100 - config.sensitivity()) / 100f;
        return new MotionSettings(config.enabled(), 2 + 16 * insensitivity, 2 + 4 * insensitivity,
                config.minArea() / 100, Zones.parse(config.zones()), config.minFrames(),
                Math.round(config.eventGapSeconds() * 1e9), Math.round(1e9 / config.analysisFps()),
                (int) Math.round(config.absorbSeconds() * 1000), config.lightChangePercent() / 100.0);
    }

    private static void requireRange(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " must be between " + format(min) + " and " + format(max)
                    + ", was " + format(value));
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
