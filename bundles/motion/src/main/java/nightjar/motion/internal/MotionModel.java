package nightjar.motion.internal;

import java.util.Arrays;

/**
 * The background model of one camera on its DC thumbnail (one cell per 8x8 block), and what it makes
 * of each analysed picture.
 *
 * <p>Per picture: the global light level is matched first (the median ratio of picture to background,
 * so an exposure step, a lamp or a flicker moves the whole background along instead of changing every
 * cell); then a cell changed when it differs from the background by more than its threshold, the
 * larger of a floor and a multiple of the cell's own noise level. Lone changed cells are dropped,
 * the rest joined into 8-connected regions, and regions smaller than the minimum area ignored. A
 * picture where most cells changed at once even so is a light change: the background is learnt anew.
 * Unchanged cells follow the picture slowly (dusk, clouds); a cell that stays changed for the absorb
 * time is taken into the background (something that stopped moving).
 *
 * <p>Every array is allocated once per picture size. Not for two threads at once.
 */
final class MotionModel {
    /** What a picture was found to be. */
    enum Verdict {
        /** The model is (re)learning: after a start, a light change, or an illumination change. */
        LEARNING,
        /** Most of the picture changed at once: taken as a light change, the background re-learnt. */
        LIGHT_CHANGE,
        /** Nothing moved, or nothing big enough. */
        STILL,
        /** At least one region of the minimum area moved. */
        MOTION
    }

    static final int MAX_REGIONS = 16;
    /** How long unchanged cells take to follow the picture, in seconds (time constant). */
    private static final double BACKGROUND_SECONDS = 2;
    /** How long the noise level takes to follow; six times longer in cells that changed. */
    private static final double NOISE_SECONDS = 10;
    private static final float INITIAL_NOISE = 1;
    private static final double WARM_UP_SECONDS = 1;
    /** log(picture / background) in 1/128 steps, offset by 128; -1 where either is too dark or too bright to tell. */
    private static final short[] LOG_RATIO = logRatios();

    private final MotionSettings settings;
    private int width;
    private int height;
    private byte[] zoneMask = new byte[0];
    private float[] background = new float[0];
    private float[] noise = new float[0];
    private int[] stillMillis = new int[0];
    /** 1 where the cell differs from the background (before despeckling). */
    private byte[] changed = new byte[0];
    /** 1 where the cell is part of a region of the minimum area. */
    private byte[] moving = new byte[0];
    private int[] labels = new int[0];
    /** Per region label (from 1), its area in cells. */
    private int[] labelAreas = new int[0];
    private int[] stack = new int[0];
    private final int[] histogram = new int[256];
    private long lastNanos;
    private long learnUntilNanos;
    private boolean started;

    // The last picture's findings.
    private Verdict verdict = Verdict.LEARNING;
    private double score;
    private float gain = 1;
    private int regionCount;
    private final int[] regionBoxes = new int[MAX_REGIONS * 4];
    private final int[] regionAreas = new int[MAX_REGIONS];

    MotionModel(MotionSettings settings) {
        this.settings = settings;
    }

    /**
     * Analyses one thumbnail ({@code width x height} cells, row-major luma) taken at {@code nanos}
     * (monotonic, increasing).
     */
    Verdict analyse(byte[] luma, int newWidth, int newHeight, long nanos) {
        if (!started || newWidth != width || newHeight != height) {
            resize(newWidth, newHeight);
            learn(luma);
            started = true;
            lastNanos = nanos;
            learnUntilNanos = nanos + (long) (WARM_UP_SECONDS * 1e9);
            return found(Verdict.LEARNING);
        }
        long elapsed = Math.max(0, nanos - lastNanos);
        lastNanos = nanos;
        if (nanos < learnUntilNanos) {
            learn(luma);
            return found(Verdict.LEARNING);
        }
        int cells = width * height;
        matchLightLevel(luma, cells);
        int changedCount = markChanged(luma, cells);
        if (changedCount > settings.lightChangeFraction() * cells) {
            learn(luma);
            return found(Verdict.LIGHT_CHANGE);
        }
        int movingCells = findRegions();
        update(luma, cells, elapsed);
        score = (double) movingCells / cells;
        return found(movingCells > 0 ? Verdict.MOTION : Verdict.STILL);
    }

    /** Learns the background anew from the pictures of the next {@code nanos} (the light is about to change). */
    void relearnFor(long nowNanos, long nanos) {
        learnUntilNanos = Math.max(learnUntilNanos, nowNanos + nanos);
    }

    private Verdict found(Verdict result) {
        verdict = result;
        if (result != Verdict.MOTION) {
            score = 0;
            regionCount = 0;
            if (result != Verdict.STILL) {
                Arrays.fill(moving, (byte) 0);
            }
        }
        return result;
    }

    private void resize(int newWidth, int newHeight) {
        width = newWidth;
        height = newHeight;
        int cells = width * height;
        zoneMask = settings.zones().mask(width, height);
        background = new float[cells];
        noise = new float[cells];
        Arrays.fill(noise, INITIAL_NOISE);
        stillMillis = new int[cells];
        changed = new byte[cells];
        moving = new byte[cells];
        labels = new int[cells];
        labelAreas = new int[cells + 1];
        stack = new int[cells];
    }

    private void learn(byte[] luma) {
        gain = 1;
        for (int i = 0; i < background.length; i++) {
            background[i] = luma[i] & 0xff;
        }
        Arrays.fill(stillMillis, 0);
        Arrays.fill(changed, (byte) 0);
    }

    /** Scales the background by the median ratio of picture to background, where both can tell. */
    private void matchLightLevel(byte[] luma, int cells) {
        Arrays.fill(histogram, 0);
        int counted = 0;
        for (int i = 0; i < cells; i++) {
            int bin = LOG_RATIO[((luma[i] & 0xff) << 8) | (int) (background[i] + 0.5f)];
            if (bin >= 0) {
                histogram[bin]++;
                counted++;
            }
        }
        gain = 1;
        // Too few cells to judge by (a black or burnt-out picture): leave the level alone.
        if (counted == 0 || counted < cells / 8) {
            return;
        }
        int half = counted / 2;
        int bin = 0;
        for (int seen = histogram[0]; seen <= half; seen += histogram[++bin]) {
            // walk to the median bin
        }
        if (bin == 128) {
            return;
        }
        gain = (float) Math.exp((bin - 128) / 128.0);
        for (int i = 0; i < cells; i++) {
            background[i] = Math.min(255f, background[i] * gain);
        }
    }

    private int markChanged(byte[] luma, int cells) {
        float floor = settings.thresholdFloor();
        float factor = settings.noiseFactor();
        int count = 0;
        for (int i = 0; i < cells; i++) {
            float difference = Math.abs((luma[i] & 0xff) - background[i]);
            boolean isChanged = difference > Math.max(floor, factor * noise[i]);
            changed[i] = (byte) (isChanged ? 1 : 0);
            count += isChanged ? 1 : 0;
        }
        return count;
    }

    /**
     * Keeps changed cells in the zones with at least two changed neighbours, joins them into regions and
     * marks the cells of regions of the minimum area in {@link #moving}. Returns how many cells that is.
     */
    private int findRegions() {
        int cells = width * height;
        for (int i = 0; i < cells; i++) {
            moving[i] = (byte) (counts(i) ? 1 : 0);
        }
        int minArea = Math.max(1, (int) Math.ceil(settings.minAreaFraction() * cells));
        Arrays.fill(labels, 0);
        regionCount = 0;
        int movingCells = 0;
        int label = 0;
        for (int start = 0; start < cells; start++) {
            if (labels[start] != 0 || moving[start] == 0) {
                continue;
            }
            label++;
            int area = 0;
            int left = width;
            int top = height;
            int right = -1;
            int bottom = -1;
            int size = 0;
            stack[size++] = start;
            labels[start] = label;
            while (size > 0) {
                int cell = stack[--size];
                int x = cell % width;
                int y = cell / width;
                area++;
                left = Math.min(left, x);
                right = Math.max(right, x);
                top = Math.min(top, y);
                bottom = Math.max(bottom, y);
                for (int ny = Math.max(0, y - 1); ny <= Math.min(height - 1, y + 1); ny++) {
                    for (int nx = Math.max(0, x - 1); nx <= Math.min(width - 1, x + 1); nx++) {
                        int neighbour = ny * width + nx;
                        if (labels[neighbour] == 0 && moving[neighbour] != 0) {
                            labels[neighbour] = label;
                            stack[size++] = neighbour;
                        }
                    }
                }
            }
            labelAreas[label] = area;
            if (area >= minArea) {
                movingCells += area;
                keepRegion(left, top, right, bottom, area);
            }
        }
        for (int i = 0; i < cells; i++) {
            moving[i] = (byte) (labels[i] > 0 && labelAreas[labels[i]] >= minArea ? 1 : 0);
        }
        return movingCells;
    }

    /** Whether a cell takes part in regions: changed, in the zones, and not a lone speck. */
    private boolean counts(int cell) {
        if (changed[cell] == 0 || zoneMask[cell] == 0) {
            return false;
        }
        int x = cell % width;
        int y = cell / width;
        int neighbours = -1; // the cell itself is counted below
        for (int ny = Math.max(0, y - 1); ny <= Math.min(height - 1, y + 1); ny++) {
            for (int nx = Math.max(0, x - 1); nx <= Math.min(width - 1, x + 1); nx++) {
                neighbours += changed[ny * width + nx];
            }
        }
        return neighbours >= 2;
    }

    /** Keeps the {@link #MAX_REGIONS} largest regions. */
    private void keepRegion(int left, int top, int right, int bottom, int area) {
        int slot = regionCount;
        if (regionCount == MAX_REGIONS) {
            slot = 0;
            for (int i = 1; i < MAX_REGIONS; i++) {
                if (regionAreas[i] < regionAreas[slot]) {
                    slot = i;
                }
            }
            if (regionAreas[slot] >= area) {
                return;
            }
        } else {
            regionCount++;
        }
        regionAreas[slot] = area;
        regionBoxes[slot * 4] = left;
        regionBoxes[slot * 4 + 1] = top;
        regionBoxes[slot * 4 + 2] = right + 1;
        regionBoxes[slot * 4 + 3] = bottom + 1;
    }

    private void update(byte[] luma, int cells, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        float follow = (float) (1 - Math.exp(-seconds / BACKGROUND_SECONDS));
        float noiseFollow = (float) (1 - Math.exp(-seconds / NOISE_SECONDS));
        float slowNoiseFollow = noiseFollow / 6;
        int elapsedMillis = (int) Math.min(Integer.MAX_VALUE, elapsedNanos / 1_000_000);
        int absorbMillis = settings.absorbMillis();
        float floor = settings.thresholdFloor();
        float factor = settings.noiseFactor();
        for (int i = 0; i < cells; i++) {
            float value = luma[i] & 0xff;
            float difference = Math.abs(value - background[i]);
            // A big difference counts only up to twice the threshold, so one event barely deafens a cell.
            float sample = Math.min(difference, 2 * Math.max(floor, factor * noise[i]));
            if (changed[i] == 0) {
                background[i] += follow * (value - background[i]);
                noise[i] += noiseFollow * (sample - noise[i]);
                stillMillis[i] = 0;
            } else {
                noise[i] += slowNoiseFollow * (sample - noise[i]);
                stillMillis[i] += elapsedMillis;
                if (stillMillis[i] >= absorbMillis) {
                    background[i] = value;
                    stillMillis[i] = 0;
                }
            }
        }
    }

    private static short[] logRatios() {
        short[] table = new short[256 * 256];
        for (int picture = 0; picture < 256; picture++) {
            for (int background = 0; background < 256; background++) {
                boolean readable = picture >= 8 && picture <= 247 && background >= 8 && background <= 247;
                int bin = (int) Math.round(Math.log((double) picture / background) * 128) + 128;
                table[(picture << 8) | background] = (short) (readable ? Math.max(0, Math.min(255, bin)) : -1);
            }
        }
        return table;
    }

    Verdict verdict() {
        return verdict;
    }

    /** Fraction of the picture in moving regions, 0 to 1. */
    double score() {
        return score;
    }

    /** The light level ratio the background was last scaled by. */
    float gain() {
        return gain;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    int regionCount() {
        return regionCount;
    }

    /** Region i's box in cells: left, top, right (exclusive), bottom (exclusive). */
    int region(int i, int edge) {
        return regionBoxes[i * 4 + edge];
    }

    /** 1 per cell in a moving region; read-only. */
    byte[] moving() {
        return moving;
    }

    /** 1 per cell that changed, before despeckling and zones; read-only. */
    byte[] changed() {
        return changed;
    }

    /** 1 per cell where motion counts; read-only, and replaced rather than changed when the picture size changes. */
    byte[] zoneMask() {
        return zoneMask;
    }

    Zones zones() {
        return settings.zones();
    }
}
