package nightjar.codec.theora;

import java.util.Arrays;

/**
 * Learns a camera's noise from its frames and decides which blocks of an inter frame changed.
 *
 * <p>A block's difference is the mean squared error between the new picture and what the decoder
 * shows (see {@link FrameEncoder}). On a still scene that difference is the sensor noise of the new
 * frame plus the noise frozen into what is shown, so a fixed threshold either re-codes a noisy camera
 * every frame or misses real change on a clean one. Instead each block's still-scene difference is
 * learnt, and a block is coded when its difference is well above it:
 * <ul>
 *   <li><b>Per block</b>, a slowly adapting mean of the difference, updated only on frames where the
 *       block looks still, so a subject does not teach the model that it is noise. Noise differs over
 *       the picture (dark and bright areas, flat and textured ones), hence per block.
 *   <li><b>Per plane</b>, the median difference of the frame, smoothed: robust while less than half
 *       the picture changes. It bounds each block's level (from half to 16 times the plane's),
 *       so a block whose noise rose while it kept being coded still has a sensible level: half, so
 *       that {@value #FACTOR} times it is above the plane's median and most blocks look still and
 *       learn again when the noise rises everywhere (night mode: about two seconds). A block
 *       starts from the plane's level (see {@link #bootstrap}).
 * </ul>
 * Three guards keep real change coded:
 * <ul>
 *   <li>the configured skip threshold is a floor: a clean camera behaves as before;
 *   <li><b>brightness drift</b>: a running mean of the block's mean-brightness shift from what is
 *       shown. Fresh noise averages out of it, a lasting shift does not, so a light change or a slow
 *       drift is coded once it exceeds the noise of that mean, at least {@value #DRIFT_FLOOR} level
 *       and three quarters of a DC quantizer step (what is shown may be off by half a step already),
 *       however small its squared error;
 *   <li><b>coherence</b>: a block moderately above its noise (×{@value #NEIGHBOUR_FACTOR}) is coded
 *       when two of its four neighbours are too, which noise rarely does and a faint subject does.
 * </ul>
 * Memory: three floats and two bytes per block, and a 4 KB histogram: about 105 KB at 640x480.
 */
final class NoiseModel {
    /** A block is changed when its difference exceeds this many times its learnt noise. */
    static final double FACTOR = 3.0;
    /** A block next to changed ones is changed above this many times its noise. */
    static final double NEIGHBOUR_FACTOR = 1.5;
    /** A block's level stays above its plane's divided by this... */
    static final double SPREAD_BELOW = 2.0;
    /** ...and below its plane's times this. */
    static final double SPREAD_ABOVE = 16.0;
    /** The smallest brightness drift (8-bit levels) that is coded. */
    static final double DRIFT_FLOOR = 1.0;
    /** Squared standard deviations of drift that are coded (drift noise ≈ difference / 112, see below). */
    private static final double DRIFT_SIGMAS_SQUARED = 16.0 / 56.0;
    /** Frames a block that never looked still is watched before it takes a level. */
    static final int BOOTSTRAP_FRAMES = 8;
    private static final byte STILL = 0;
    private static final byte SUSPECT = 1;
    private static final byte CHANGED = 2;
    /** Quarter-octave bins of a float: its exponent and two mantissa bits. */
    private static final int BIN_SHIFT = 21;

    private final Geometry geometry;
    private final double floor;
    /** Per block: the learnt still-scene difference, or -1 before the block has one. */
    private final float[] noise;
    /** Per block: running mean of the block's mean-brightness shift from what is shown, in levels. */
    private final float[] drift;
    private final byte[] state;
    /** Per block without a level: frames seen so far, and the smallest difference among them. */
    private final byte[] unlearnt;
    private final float[] smallestDifference;
    private final double[] planeNoise = {-1, -1, -1};
    /** Per plane: the smallest brightness drift that is coded, in levels. */
    private final double[] driftFloor = new double[3];
    private final int[] histogram = new int[1 << (31 - BIN_SHIFT)];

    /**
     * @param floor the configured skip threshold: no block is changed below it
     * @param dcStep per plane, the DC quantizer's step as a block's mean, in 8-bit levels
     */
    NoiseModel(Geometry geometry, double floor, double[] dcStep) {
        this.geometry = geometry;
        this.floor = floor;
        for (int p = 0; p < 3; p++) {
            driftFloor[p] = Math.max(DRIFT_FLOOR, 0.75 * dcStep[p]);
        }
        int blocks = geometry.blockCount();
        this.noise = new float[blocks];
        Arrays.fill(noise, -1);
        this.drift = new float[blocks];
        this.state = new byte[blocks];
        this.unlearnt = new byte[blocks];
        this.smallestDifference = new float[blocks];
    }

    /**
     * Marks in {@code changed} the blocks whose new picture differs from what is shown by more than
     * noise, and learns from the others.
     *
     * @param difference per block, the mean squared pixel difference from what is shown
     * @param brightness per block, the mean pixel shift from what is shown (8-bit levels)
     */
    void decide(double[] difference, float[] brightness, boolean[] changed) {
        for (int p = 0; p < 3; p++) {
            int start = geometry.planeStart[p];
            int end = geometry.planeStart[p + 1];
            double level = learnPlane(p, difference, start, end);
            double low = level / SPREAD_BELOW;
            double high = level * SPREAD_ABOVE;
            for (int block = start; block < end; block++) {
                double d = difference[block];
                if (noise[block] < 0) {
                    bootstrap(block, d, level, high);
                }
                double n = noise[block] < 0 ? level : Math.max(low, Math.min(high, noise[block]));
                float shift = drift[block] + (brightness[block] - drift[block]) * 0.25f;
                drift[block] = shift;
                boolean drifted = Math.abs(shift) > driftFloor[p] && shift * shift > DRIFT_SIGMAS_SQUARED * n;
                if (d > Math.max(floor, FACTOR * n) || drifted) {
                    state[block] = CHANGED;
                } else {
                    noise[block] = (float) (n + (d - n) / 16);
                    state[block] = d > Math.max(floor, NEIGHBOUR_FACTOR * n) ? SUSPECT : STILL;
                }
            }
            int across = geometry.blocksAcross[p];
            for (int block = start; block < end; block++) {
                if (state[block] == SUSPECT) {
                    int x = (block - start) % across;
                    int neighbours = (x > 0 ? moving(block - 1) : 0) + (x + 1 < across ? moving(block + 1) : 0)
                            + (block - across >= start ? moving(block - across) : 0)
                            + (block + across < end ? moving(block + across) : 0);
                    changed[block] = neighbours >= 2;
                } else {
                    changed[block] = state[block] == CHANGED;
                }
            }
        }
    }

    /**
     * A block without a level yet takes its difference as one when that looks like noise (within
     * {@value #FACTOR} times its plane's level). A block noisier than most would never look still and
     * never learn, so after {@value #BOOTSTRAP_FRAMES} frames it takes the smallest difference it
     * showed (within the plane's bounds): a subject rarely keeps a block changing that long, and its
     * smallest difference is the one without it.
     */
    private void bootstrap(int block, double d, double level, double high) {
        if (d <= FACTOR * level) {
            noise[block] = (float) d;
            return;
        }
        float smallest = Math.min(unlearnt[block] == 0 ? Float.MAX_VALUE : smallestDifference[block], (float) d);
        smallestDifference[block] = smallest;
        if (++unlearnt[block] >= BOOTSTRAP_FRAMES) {
            noise[block] = (float) Math.min(smallest, high);
        }
    }

    private int moving(int block) {
        return state[block] != STILL ? 1 : 0;
    }

    /** A coded block shows the new picture: its drift starts again. */
    void coded(int block) {
        drift[block] = 0;
    }

    /**
     * The plane's noise level: the median difference of this frame (from a histogram of quarter
     * octaves, so no sorting), smoothed over frames (an eighth of the way per frame), and taking at most four
     * times the level from any one frame, so that a frame where everything changed (a light switched
     * on) does not teach much.
     */
    private double learnPlane(int p, double[] difference, int start, int end) {
        Arrays.fill(histogram, 0);
        for (int block = start; block < end; block++) {
            histogram[Float.floatToRawIntBits((float) difference[block]) >>> BIN_SHIFT]++;
        }
        int half = (end - start) / 2;
        int bin = 0;
        for (int count = histogram[0]; count <= half; count += histogram[++bin]) {
            // the median's bin is the first where the running count passes half
        }
        double median = Float.intBitsToFloat((bin << BIN_SHIFT) | (1 << (BIN_SHIFT - 1)));
        double level = planeNoise[p];
        level = level < 0 ? median : level + (Math.min(median, Math.max(4 * level, floor)) - level) / 8;
        planeNoise[p] = level;
        return level;
    }
}
