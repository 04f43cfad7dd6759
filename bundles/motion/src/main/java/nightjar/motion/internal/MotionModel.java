package nightjar.motion.internal;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The background model of one camera on its DC thumbnail (one cell per 8x8 block), and what it makes
 * of each analysed picture.
 *
 * <p>Per picture: a frame-wide shift (a camera shaking in the wind) is estimated first and undone, from
 * how the blocks' means change when the picture moves by a few pixels ({@link BlockThumbnail}); then the
 * global light level is matched (the median ratio of picture to background, so an exposure step, a lamp
 * or a flicker moves the whole background along instead of changing every cell); then a cell changed when
 * it differs from the background by more than its threshold: the larger of a floor and a multiple of the
 * cell's own noise level, raised where the cell has been restless (its activity: how often it changed
 * from one analysed picture to the next, learnt per cell); a restless cell has also changed when it went
 * beyond its swing (how far from the background its own movement took it lately). Lone changed cells
 * are dropped, the rest joined into 8-connected regions, regions smaller than the minimum area ignored
 * (in a picture full of lone specks, snow or rain, regions must be twice that and have a solid core),
 * and the rest followed from picture to picture (tracks). A region is motion once its track has lasted
 * the minimum number of pictures; where the cells are restless (leaves, water, rain, an overlay's clock),
 * only when the track has also moved on steadily, as something walking does and swaying leaves do not,
 * or when it is something new moving through (cells beyond their swing and unlike the background around
 * them, which leaves that sway, even in a gust, are not: {@link RegionTracks}). A picture where most
 * cells changed at once is a light change: the background is learnt anew. Calm cells follow the picture
 * slowly (dusk, clouds), restless ones too; a cell that stays changed for the absorb time is taken into
 * the background (something that stopped moving), and so, at once, is a calm region that stays where it
 * began with its outline in its background rather than in the picture: what something gone left behind.
 *
 * <p>Every array is allocated once per picture size ({@link #memoryBytes}). Not for two threads at once.
 */
final class MotionModel {
    /** What a picture was found to be. */
    enum Verdict {
        /** The model is (re)learning: after a start, a light change, or an illumination change. */
        LEARNING,
        /** Most of the picture changed at once: taken as a light change, the background re-learnt. */
        LIGHT_CHANGE,
        /** Nothing moved, or nothing big enough, steady enough or long enough. */
        STILL,
        /** At least one region of the minimum area moved for the minimum number of pictures. */
        MOTION
    }

    static final int MAX_REGIONS = 16;
    /** How long unchanged cells take to follow the picture, in seconds (time constant). */
    private static final double BACKGROUND_SECONDS = 2;
    /** How long the noise level takes to follow; six times longer in cells that changed. */
    private static final double NOISE_SECONDS = 10;
    /** How fast a cell's activity rises when it changes from one picture to the next (time constant). */
    private static final double ACTIVITY_RISE_SECONDS = 1.5;
    /** How slowly it falls again while the cell keeps still. */
    private static final double ACTIVITY_FALL_SECONDS = 20;
    /** How much a fully restless cell's threshold is raised: 1 + this times its activity. */
    private static final float DISTRUST_GAIN = 0.6f;
    /** How long a cell's swing takes to fall back when its movement calms down (time constant). */
    private static final double SWING_FALL_SECONDS = 20;
    /**
     * How far around a cell (in cells each way) the background may show what the cell shows, for its
     * change to be taken for leaves or waves displaced rather than something new: two blocks, 16 pixels,
     * more than leaves usually swing and about what a gust bends them.
     */
    private static final int SURROUNDINGS = 2;
    /**
     * How many times more the background must step across a region's edge than the picture does for its
     * outline to be in the background ({@link #revealsBackground}).
     */
    private static final float GHOST_CONTRAST = 2;
    /** The fewest pairs of cells across a region's edge for {@link #revealsBackground} to tell: a 2x2 region's. */
    private static final int GHOST_PAIRS = 8;
    /** Activity above which a cell is restless: its background follows even while it is changed. */
    static final float RESTLESS = 0.3f;
    /**
     * Lone changed cells beyond this share of the zones make a picture speckled (snow, rain): then only
     * regions of twice the minimum area with at least two cells of at least four changed neighbours count.
     */
    private static final float SPECKLED_FRACTION = 0.02f;
    /**
     * How unlike the background around it (in floors, on average) a region at the picture's edge must be
     * to count among specks without a solid core: twice what makes a track something new.
     */
    private static final float COMING_IN_STRANGENESS = 2;
    /**
     * For how long after a start the detector treats every region as it treats those in restless cells:
     * until it has seen which cells are restless.
     */
    private static final double SETTLE_SECONDS = 2.5;
    /** The robust cost of a shift counts a cell's difference up to this many levels. */
    private static final float SHIFT_COST_CAP = 24;
    /** Cells the shift is judged on. */
    private static final int SHIFT_SAMPLES = 600;
    /**
     * A shift is searched for only when the cells differ from the background by this share of the floor
     * on average, and by twice their usual noise.
     */
    private static final float SHIFT_SEARCH_FROM = 0.25f;
    /** A shift is taken only when it explains the picture this much better than none. */
    private static final float SHIFT_GAIN = 0.85f;
    /**
     * For how long after a shift was taken every picture is searched: a camera that shakes keeps shaking,
     * and its cells would otherwise learn the shaking as their noise and stop the search.
     */
    private static final long SHAKING_NANOS = 10_000_000_000L;
    /**
     * While the camera shakes, how far (in pixels) an undone shift may still be off: the whole pixels the
     * search finds, its model of a block's shift, and a camera's shake that is not a whole pixel leave the
     * picture about this far from its background at edges.
     */
    private static final float SHAKE_RESIDUAL_PIXELS = 1;
    /**
     * The same for restlessness, which compares two pictures each with its own residual: a cell becomes
     * restless while the camera shakes only by a change beyond what this many pixels off make. Measured on
     * shaken footage (docs/motion.md): 1 left a third of the cells of a shaken campus restless, 3 about as
     * many as without the shake; 4 let a small picture's waving trees through.
     */
    private static final float SHAKE_RESTLESS_PIXELS = 3;
    private static final float INITIAL_NOISE = 1;
    private static final double WARM_UP_SECONDS = 1;
    /** How far apart the pictures are that restlessness compares: the default analysis period, with slack. */
    private static final long RESTLESS_STEP_NANOS = 150_000_000L;
    /** log(picture / background) in 1/128 steps, offset by 128; -1 where either is too dark or too bright to tell. */
    private static final short[] LOG_RATIO = logRatios();

    private final MotionSettings settings;
    private int width;
    private int height;
    private byte[] zoneMask = new byte[0];
    private int zoneCells;
    /** The picture being analysed, shift undone. */
    private float[] picture = new float[0];
    /** The picture a restless step (0.15 s or more) before, to tell restless cells. */
    private float[] previous = new float[0];
    /** The last analysed picture, to tell a region that stays as it is. */
    private float[] lastPicture = new float[0];
    private float[] background = new float[0];
    private float[] noise = new float[0];
    /** Per cell, 0 to 1: how often it changed from one analysed picture to the next, lately. */
    private float[] activity = new float[0];
    /**
     * Per cell, its swing: how far from the background its own movement took it lately (the largest
     * difference, falling slowly), in levels. Not learnt from what counts as motion.
     */
    private float[] swing = new float[0];
    /**
     * Per cell, while the camera shakes: what moving its background by a pixel changes it by (from the
     * steps between its background and its neighbours'). Its threshold is raised by
     * {@link #SHAKE_RESIDUAL_PIXELS} times that, and the change that makes it restless by
     * {@link #SHAKE_RESTLESS_PIXELS} times: the picture of a shaking camera, shift undone, still flickers
     * along every edge, and those cells would otherwise be changed, or learnt as restless (as leaves are),
     * and someone walking past them held to the rules for leaves.
     */
    private float[] shakeTolerance = new float[0];
    /** Whether {@link #shakeTolerance} holds for this picture: the camera shook lately. */
    private boolean shaking;
    private int[] stillMillis = new int[0];
    /** 1 where the cell differs from the background (before despeckling). */
    private byte[] changed = new byte[0];
    /** 1 where the cell is part of a region that counts as motion. */
    private byte[] moving = new byte[0];
    /** 1 where something counted as motion in a picture since {@link #previous} was taken. */
    private byte[] wasMoving = new byte[0];
    /**
     * 1 where the background was learnt anew while something that counted as motion covered the cell (a
     * light change with someone in view): the background there is them, and what they hide is unknown.
     */
    private byte[] hidden = new byte[0];
    private boolean anyHidden;
    /**
     * The background before the last light change of the cells it changed (NaN for the others), and until
     * when it is kept: the absorb time after it (see {@link #revealFormer}).
     */
    private float[] formerBackground = new float[0];
    private long formerUntilNanos = Long.MIN_VALUE;
    /**
     * Until when the {@link #hidden} cells are so: after the absorb time, whoever stood there would have
     * been taken into the background anyway, and a change there is something new again.
     */
    private long hiddenUntilNanos;
    private int[] labels = new int[0];
    /** Per region label (from 1), its area in cells, or 0 once it is known not to count. */
    private int[] labelAreas = new int[0];
    /**
     * Per region label, 1 when its cells do not learn their swing from it: the region is coming in at the
     * picture's edge, clearly unlike the background around it (someone stepping slowly into leaves at the
     * edge would otherwise be learnt as the leaves' sway before they have moved far enough to count), or
     * its track counted as motion in the last picture (someone who walks into leaves and does not count for
     * a picture would have the leaves learn them as their sway, and would no longer look new there).
     */
    private byte[] unswungLabels = new byte[0];
    private int[] stack = new int[0];
    private final int[] histogram = new int[256];
    // The shift search's sample of cells (fixed by the picture size: taken once per size), and what each
    // gains per shift across and down.
    private int[] sampleCells = new int[0];
    /** Per sampled cell, the picture's value of the cell that the search's whole cells bring to it. */
    private float[] sampleValues = new float[0];
    /** The last {@link #search}'s shift, in pixels from its whole cells, and its cost (the best so far while it runs). */
    private int searchX;
    private int searchY;
    private float searchCost;
    /** For benchmarks: search for a shift in every picture, as if the camera shook in every one. */
    private boolean alwaysSearchShift;
    /** Per shift from -MAX_SHIFT to MAX_SHIFT, what each sampled cell gains: index {@code shift * samples + i}. */
    private float[] columnChanges = new float[0];
    private float[] rowChanges = new float[0];
    /** Per quadrant (content from the right: +1, from below: +2), each sampled cell's {@link BlockThumbnail#corner}. */
    private float[] corners = new float[0];
    private long lastNanos;
    /** Until when every picture is searched for a shift: a while after the last one taken. */
    private long shakingUntilNanos = Long.MIN_VALUE;
    /** When {@link #previous} was taken: restlessness compares pictures about 0.2 s apart, whatever the rate. */
    private long previousNanos = Long.MIN_VALUE;
    private long learnUntilNanos;
    private long settledNanos;
    private int learntPictures;
    private boolean started;

    // The last picture's findings.
    private Verdict verdict = Verdict.LEARNING;
    private double score;
    private float gain = 1;
    private int shiftX;
    private int shiftY;
    private boolean searchedShift;
    private final RegionTracks tracks = new RegionTracks();
    private int regionCount;
    private final int[] regionBoxes = new int[MAX_REGIONS * 4];
    private final int[] regionAreas = new int[MAX_REGIONS];

    MotionModel(MotionSettings settings) {
        this.settings = settings;
    }

    /** Reads a frame's blocks with their first AC coefficients, when the shift search needs them. */
    interface BlockSource {
        /** The frame's blocks, or null when they cannot be read. */
        @Nullable BlockThumbnail blocks();
    }

    /**
     * Analyses one DC thumbnail ({@code width x height} cells, row-major luma) taken at {@code nanos}
     * (monotonic, increasing). When the picture differs from the background all over, the camera may
     * have moved: then the frame's blocks are read again with their first AC coefficients, and a
     * frame-wide shift found and undone.
     */
    Verdict analyse(byte[] luma, int newWidth, int newHeight, long nanos, BlockSource blocks) {
        boolean resized = prepare(newWidth, newHeight);
        for (int i = 0; i < picture.length; i++) {
            picture[i] = luma[i] & 0xff;
        }
        shiftX = 0;
        shiftY = 0;
        searchedShift = false;
        if (!resized && nanos >= learnUntilNanos) {
            undoShift(blocks, nanos);
        }
        return analysePicture(resized, nanos);
    }

    private boolean prepare(int newWidth, int newHeight) {
        if (!started || newWidth != width || newHeight != height) {
            resize(newWidth, newHeight);
            return true;
        }
        return false;
    }

    private Verdict analysePicture(boolean resized, long nanos) {
        if (resized) {
            learn(false);
            started = true;
            lastNanos = nanos;
            learnUntilNanos = nanos + (long) (WARM_UP_SECONDS * 1e9);
            settledNanos = nanos + (long) ((WARM_UP_SECONDS + SETTLE_SECONDS) * 1e9);
            return found(Verdict.LEARNING, nanos);
        }
        long elapsed = Math.max(0, nanos - lastNanos);
        lastNanos = nanos;
        int cells = width * height;
        long restlessElapsed = restlessStep(nanos) ? nanos - previousNanos : 0;
        if (nanos < learnUntilNanos) {
            if (verdict == Verdict.LEARNING) {
                keepLearning(cells, elapsed, restlessElapsed);
            } else {
                learn(false); // announced: the light is about to change
            }
            return found(Verdict.LEARNING, nanos);
        }
        matchLightLevel(cells);
        shaking = nanos < shakingUntilNanos;
        if (shaking) {
            measureShakeTolerance();
        }
        int changedCount = markChanged(cells);
        if (changedCount > settings.lightChangeFraction() * cells) {
            learn(true);
            return found(Verdict.LIGHT_CHANGE, nanos);
        }
        revealHidden(cells, nanos);
        revealFormer(cells, nanos);
        int movingCells = findRegions(nanos);
        update(cells, elapsed, restlessElapsed);
        score = (double) movingCells / cells;
        return found(movingCells > 0 ? Verdict.MOTION : Verdict.STILL, nanos);
    }

    /** Whether restlessness compares the picture at {@code nanos} with {@link #previous}: far enough apart. */
    private boolean restlessStep(long nanos) {
        return previousNanos != Long.MIN_VALUE && nanos - previousNanos >= RESTLESS_STEP_NANOS;
    }

    /** Learns the background anew from the pictures of the next {@code nanos} (the light is about to change). */
    void relearnFor(long nowNanos, long nanos) {
        learnUntilNanos = Math.max(learnUntilNanos, nowNanos + nanos);
    }

    private Verdict found(Verdict result, long nanos) {
        verdict = result;
        if (result != Verdict.MOTION) {
            score = 0;
            regionCount = 0;
            if (result != Verdict.STILL) {
                Arrays.fill(moving, (byte) 0);
                tracks.clear();
            }
        }
        System.arraycopy(picture, 0, lastPicture, 0, picture.length);
        // A light change is compared with from now on, not across.
        if (previousNanos == Long.MIN_VALUE || restlessStep(nanos) || result == Verdict.LIGHT_CHANGE) {
            System.arraycopy(picture, 0, previous, 0, picture.length);
            Arrays.fill(wasMoving, (byte) 0);
            previousNanos = nanos;
        }
        return result;
    }

    private void resize(int newWidth, int newHeight) {
        width = newWidth;
        height = newHeight;
        int cells = width * height;
        zoneMask = settings.zones().mask(width, height);
        zoneCells = 0;
        for (byte inside : zoneMask) {
            zoneCells += inside;
        }
        picture = new float[cells];
        previous = new float[cells];
        lastPicture = new float[cells];
        background = new float[cells];
        noise = new float[cells];
        Arrays.fill(noise, INITIAL_NOISE);
        activity = new float[cells];
        swing = new float[cells];
        shakeTolerance = new float[cells];
        shaking = false;
        stillMillis = new int[cells];
        changed = new byte[cells];
        moving = new byte[cells];
        wasMoving = new byte[cells];
        hidden = new byte[cells];
        anyHidden = false;
        formerBackground = new float[cells];
        shakingUntilNanos = Long.MIN_VALUE;
        previousNanos = Long.MIN_VALUE;
        labels = new int[cells];
        labelAreas = new int[cells + 1];
        unswungLabels = new byte[cells + 1];
        stack = new int[cells];
        takeShiftSample();
    }

    /**
     * Starts the background afresh from this picture; what is known of restless cells is kept. The
     * tracks are forgotten by {@link #found} with the verdict that follows. With {@code keepFormer} (a
     * light change seen), what the changed cells' background was is kept for the absorb time
     * ({@link #revealFormer}).
     */
    private void learn(boolean keepFormer) {
        if (keepFormer) {
            for (int i = 0; i < background.length; i++) {
                formerBackground[i] = changed[i] != 0 ? background[i] : Float.NaN;
            }
            formerUntilNanos = lastNanos + settings.absorbMillis() * 1_000_000L;
        } else {
            formerUntilNanos = Long.MIN_VALUE;
        }
        gain = 1;
        boolean covered = false;
        for (int i = 0; i < moving.length; i++) {
            hidden[i] |= moving[i];
            covered |= moving[i] != 0;
        }
        if (covered) {
            anyHidden = true;
            hiddenUntilNanos = lastNanos + settings.absorbMillis() * 1_000_000L;
        }
        System.arraycopy(picture, 0, background, 0, picture.length);
        learntPictures = 1;
        Arrays.fill(stillMillis, 0);
        Arrays.fill(changed, (byte) 0);
    }

    /**
     * While learning: the background is the mean of the pictures so far (the middle of swaying leaves or
     * of a shaking view, not one moment of it), and restless cells and their swing are noted already.
     */
    private void keepLearning(int cells, long elapsedNanos, long restlessElapsedNanos) {
        learntPictures++;
        float weight = 1f / learntPictures;
        float rise = (float) (1 - Math.exp(-restlessElapsedNanos / 1e9 / ACTIVITY_RISE_SECONDS));
        float floor = settings.thresholdFloor();
        for (int i = 0; i < cells; i++) {
            background[i] += weight * (picture[i] - background[i]);
            swing[i] = Math.max(swing[i], Math.abs(picture[i] - background[i]));
            if (restlessElapsedNanos > 0 && Math.abs(picture[i] - previous[i]) > floor) {
                activity[i] += rise * (1 - activity[i]);
            }
        }
    }

    /**
     * Finds the shift of the picture against the background, whole pixels up to twice
     * {@link BlockThumbnail#MAX_SHIFT} each way, that makes them differ least (a robust sum over a sample
     * of cells, a few passes across and down, a block further when needed), and writes the picture with it
     * undone. A shift is taken
     * only when it explains the picture clearly better than none: something moving in a still picture
     * does not move the whole picture.
     */
    private void undoShift(BlockSource source, long nanos) {
        int samples = sampleCells.length;
        float still = 0;
        float usual = 0;
        for (int i = 0; i < samples; i++) {
            int cell = sampleCells[i];
            still += Math.min(SHIFT_COST_CAP, Math.abs(picture[cell] - background[cell]));
            usual += noise[cell];
        }
        // A still camera (most pictures) needs no search: the picture differs no more than it usually does.
        if (!alwaysSearchShift && nanos >= shakingUntilNanos
                && still <= Math.max(SHIFT_SEARCH_FROM * settings.thresholdFloor() * samples, 2 * usual)) {
            return;
        }
        if (samples == 0) {
            return;
        }
        searchedShift = true;
        BlockThumbnail thumbnail = source.blocks();
        if (thumbnail == null || thumbnail.width() != width || thumbnail.height() != height) {
            return;
        }
        // Within a block either way; when that ends at the edge of its reach, or leaves the picture
        // unexplained, a block further: from the cells that a whole cell's shift brings to each sampled one
        // (the way the reach ran out, or the whole cells' shift that matches best from the cells' means).
        float best = search(thumbnail, samples, 0, 0, still);
        int cellX = 0;
        int cellY = 0;
        int max = BlockThumbnail.MAX_SHIFT;
        int bestX = searchX;
        int bestY = searchY;
        int edgeX = bestX >= max - 1 ? 1 : bestX <= 1 - max ? -1 : 0;
        int edgeY = bestY >= max - 1 ? 1 : bestY <= 1 - max ? -1 : 0;
        if (edgeX != 0 || edgeY != 0 || best > SHIFT_GAIN * still) {
            // Two ways to go further, which can differ in a picture of repeating detail: where the reach ran
            // out, and the whole cells' shift that matches best.
            int nearX = 0;
            int nearY = 0;
            float nearest = still;
            for (int ky = -1; ky <= 1; ky++) {
                for (int kx = -1; kx <= 1; kx++) {
                    float cost = kx == 0 && ky == 0 ? Float.MAX_VALUE : cellShiftCost(samples, ky * width + kx);
                    if (cost < nearest) {
                        nearest = cost;
                        nearX = kx;
                        nearY = ky;
                    }
                }
            }
            for (int way = 0; way < 2; way++) {
                int kx = way == 0 ? edgeX : nearX;
                int ky = way == 0 ? edgeY : nearY;
                if (kx == 0 && ky == 0 || way == 1 && kx == edgeX && ky == edgeY) {
                    continue;
                }
                float further = search(thumbnail, samples, kx, ky, still);
                if (further < best) {
                    best = further;
                    cellX = kx;
                    cellY = ky;
                    bestX = searchX;
                    bestY = searchY;
                }
            }
        }
        // A block back from a whole cell is no shift that way: undone as none, so that no edge is left unmoved.
        if (bestX == -cellX * max) {
            cellX = 0;
            bestX = 0;
        }
        if (bestY == -cellY * max) {
            cellY = 0;
            bestY = 0;
        }
        int totalX = cellX * max + bestX;
        int totalY = cellY * max + bestY;
        if ((totalX != 0 || totalY != 0) && best <= SHIFT_GAIN * still) {
            shiftX = totalX;
            shiftY = totalY;
            thumbnail.shifted(cellX, cellY, bestX, bestY, picture);
            unknownAtEdges(totalX, totalY);
            shakingUntilNanos = nanos + SHAKING_NANOS;
        }
    }

    /**
     * After the picture was moved back by {@code dx, dy} pixels: the cells at the edge it moved away from
     * would show what the camera did not see (a column of cells for every block or part of one); they are
     * taken as their background, not as changed. Along the edge of a camera that shakes, they would be
     * regions coming in.
     */
    private void unknownAtEdges(int dx, int dy) {
        int columns = Math.min(width, (Math.abs(dx) + 7) / 8);
        int rows = Math.min(height, (Math.abs(dy) + 7) / 8);
        for (int y = 0; y < height; y++) {
            boolean unknownRow = dy > 0 ? y >= height - rows : y < rows;
            for (int x = 0; x < width; x++) {
                boolean unknownColumn = dx > 0 ? x >= width - columns : x < columns;
                if (unknownRow || unknownColumn) {
                    picture[y * width + x] = background[y * width + x];
                }
            }
        }
    }

    /** The robust difference of the sampled cells from the background with the picture moved by whole cells. */
    private float cellShiftCost(int samples, int offset) {
        float cost = 0;
        for (int i = 0; i < samples; i++) {
            int cell = sampleCells[i];
            cost += Math.min(SHIFT_COST_CAP, Math.abs(picture[cell + offset] - background[cell]));
        }
        return cost;
    }

    /**
     * The shift of up to a block each way, after {@code cellX, cellY} whole cells, that makes the sampled
     * cells match the background best (from the whole cells' shift, or none when that is worse: three
     * passes across, down, across, then the four diagonal neighbours of the best): its cost, and the shift
     * in pixels from the whole cells in {@link #searchX}, {@link #searchY}. {@code still} is the cost of no
     * shift at all.
     */
    private float search(BlockThumbnail thumbnail, int samples, int cellX, int cellY, float still) {
        // What each sampled cell gains for each shift across and down, computed once for the passes: of the
        // cell the whole cells bring to it.
        int cellOffset = cellY * width + cellX;
        for (int i = 0; i < samples; i++) {
            int from = sampleCells[i] + cellOffset;
            int x = from % width;
            int y = from / width;
            sampleValues[i] = picture[from];
            thumbnail.columnChanges(x, y, columnChanges, i, samples);
            thumbnail.rowChanges(x, y, rowChanges, i, samples);
            for (int quadrant = 0; quadrant < 4; quadrant++) {
                corners[quadrant * samples + i] = thumbnail.corner(x, y, (quadrant & 1) != 0, (quadrant & 2) != 0);
            }
        }
        int max = BlockThumbnail.MAX_SHIFT;
        searchX = -cellX * max;
        searchY = -cellY * max;
        searchCost = still;
        if (cellX != 0 || cellY != 0) {
            consider(samples, 0, 0);
        }
        for (int pass = 0; pass < 3; pass++) {
            boolean across = pass != 1;
            for (int offset = -max; offset <= max; offset++) {
                consider(samples, across ? offset : searchX, across ? searchY : offset);
            }
        }
        // The passes may end a step off where both ways are far from none: the shifts around the best.
        int aroundX = searchX;
        int aroundY = searchY;
        for (int dy = Math.max(-max, aroundY - 1); dy <= Math.min(max, aroundY + 1); dy++) {
            for (int dx = Math.max(-max, aroundX - 1); dx <= Math.min(max, aroundX + 1); dx++) {
                if (dx != aroundX && dy != aroundY) {
                    consider(samples, dx, dy);
                }
            }
        }
        return searchCost;
    }

    /** Takes the shift dx, dy as the search's best when it costs less than the best so far. */
    private void consider(int samples, int dx, int dy) {
        if (dx == searchX && dy == searchY) {
            return;
        }
        float cost = shiftCost(samples, dx, dy);
        if (cost < searchCost) {
            searchCost = cost;
            searchX = dx;
            searchY = dy;
        }
    }

    /** About SHIFT_SAMPLES cells spread evenly over the picture, whatever its size: taken once per size. */
    private void takeShiftSample() {
        // Not at the picture's edge: a sampled cell takes its lines from the neighbours either side.
        int inside = Math.max(0, width - 2);
        int insideDown = Math.max(0, height - 2);
        double step = Math.max(2, Math.sqrt((double) inside * insideDown / SHIFT_SAMPLES));
        int across = inside == 0 ? 0 : Math.max(1, (int) Math.round(inside / step));
        int down = insideDown == 0 ? 0 : Math.max(1, (int) Math.round(insideDown / step));
        sampleCells = new int[across * down];
        sampleValues = new float[across * down];
        int samples = 0;
        for (int row = 0; row < down; row++) {
            int y = 1 + (int) ((row + 0.5) * (height - 2) / down);
            for (int column = 0; column < across; column++) {
                sampleCells[samples++] = y * width + 1 + (int) ((column + 0.5) * (width - 2) / across);
            }
        }
        int shifts = 2 * BlockThumbnail.MAX_SHIFT + 1;
        columnChanges = new float[shifts * samples];
        rowChanges = new float[shifts * samples];
        corners = new float[4 * samples];
    }

    /** For benchmarks: whether every picture is searched for a shift, whether it differs or not. */
    void alwaysSearchShift(boolean always) {
        alwaysSearchShift = always;
    }

    /** The robust difference of the sampled cells from the background with the picture moved by dx, dy. */
    private float shiftCost(int samples, int dx, int dy) {
        int columns = (dx + BlockThumbnail.MAX_SHIFT) * samples;
        int rows = (dy + BlockThumbnail.MAX_SHIFT) * samples;
        float area = Math.abs(dx * dy);
        int corner = ((dx > 0 ? 1 : 0) + (dy > 0 ? 2 : 0)) * samples;
        float cost = 0;
        for (int i = 0; i < samples; i++) {
            int cell = sampleCells[i];
            float value = sampleValues[i] + columnChanges[columns + i] + rowChanges[rows + i] + area * corners[corner + i];
            cost += Math.min(SHIFT_COST_CAP, Math.abs(value - background[cell]));
        }
        return cost;
    }

    /** Scales the background by the median ratio of picture to background, where both can tell. */
    private void matchLightLevel(int cells) {
        Arrays.fill(histogram, 0);
        int counted = 0;
        for (int i = 0; i < cells; i++) {
            int value = Math.max(0, Math.min(255, (int) (picture[i] + 0.5f)));
            int bin = LOG_RATIO[(value << 8) | (int) (background[i] + 0.5f)];
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
            swing[i] *= gain;
            formerBackground[i] = Math.min(255f, formerBackground[i] * gain);
        }
    }

    private int markChanged(int cells) {
        int count = 0;
        for (int i = 0; i < cells; i++) {
            float difference = Math.abs(picture[i] - background[i]);
            boolean isChanged = difference > threshold(i);
            changed[i] = (byte) (isChanged ? 1 : 0);
            count += isChanged ? 1 : 0;
        }
        return count;
    }

    /**
     * A hidden cell that changes, within the absorb time, shows what was behind what covered it when the
     * background was learnt (they moved away): that is its background, not motion. Without this, their
     * place would stay changed after they left, a ghost of them, until it was absorbed. Someone who moves
     * on within their place is taken into the background once there; they are found where they go.
     */
    private void revealHidden(int cells, long nanos) {
        if (!anyHidden) {
            return;
        }
        if (nanos >= hiddenUntilNanos) {
            Arrays.fill(hidden, (byte) 0);
            anyHidden = false;
            return;
        }
        boolean left = false;
        for (int i = 0; i < cells; i++) {
            if (hidden[i] != 0 && changed[i] != 0) {
                takeAsBackground(i);
                hidden[i] = 0;
            }
            left |= hidden[i] != 0;
        }
        anyHidden = left;
    }

    /** The cell shows its background (what was hidden behind something that has gone): it is not changed. */
    private void takeAsBackground(int cell) {
        background[cell] = picture[cell];
        changed[cell] = 0;
    }

    /**
     * A light change that was none, or not there: something large and close (or a large object and a
     * shaking camera) changed most of the picture at once, and the background was learnt anew with it in
     * view. Where it was then, the picture shows the background again once it has moved on: a ghost of
     * it, motion until absorbed. A cell that changed with the light change and now shows what it showed
     * before it shows its background: that is taken, and it is not motion. After a real change of light
     * (a lamp, the IR filter, an exposure step) a cell does not go back to what it was unless the light
     * does there too.
     */
    private void revealFormer(int cells, long nanos) {
        if (nanos >= formerUntilNanos) {
            return;
        }
        for (int i = 0; i < cells; i++) {
            // NaN (a cell the light change left alone) matches nothing.
            if (changed[i] != 0 && Math.abs(picture[i] - formerBackground[i]) <= threshold(i)) {
                takeAsBackground(i);
            }
        }
    }

    /**
     * The difference a cell must exceed to have changed: raised by its noise and by its restlessness. A
     * restless cell has also changed when it went beyond its swing (and the floor): something in front of
     * leaves shows what their swaying never did, though often by less than the raised threshold. While the
     * camera shakes, raised by what the shift left undone may change it.
     */
    private float threshold(int cell) {
        float floor = settings.thresholdFloor();
        float raised = Math.max(floor, settings.noiseFactor() * noise[cell]) * (1 + DISTRUST_GAIN * activity[cell]);
        float threshold = activity[cell] > RESTLESS ? Math.min(raised, Math.max(floor, swing[cell])) : raised;
        return shaking ? threshold + SHAKE_RESIDUAL_PIXELS * shakeTolerance[cell] : threshold;
    }

    /**
     * Per cell, what moving the background by a pixel changes it by: a pixel's shift replaces a column (row)
     * of a block by its neighbour's, so its mean moves by about an eighth of the step to the neighbour, the
     * steepest of the four.
     */
    private void measureShakeTolerance() {
        float perStep = 1 / 8f;
        for (int y = 0, i = 0; y < height; y++) {
            for (int x = 0; x < width; x++, i++) {
                float own = background[i];
                float steepest = 0;
                if (x > 0) {
                    steepest = Math.max(steepest, Math.abs(background[i - 1] - own));
                }
                if (x + 1 < width) {
                    steepest = Math.max(steepest, Math.abs(background[i + 1] - own));
                }
                if (y > 0) {
                    steepest = Math.max(steepest, Math.abs(background[i - width] - own));
                }
                if (y + 1 < height) {
                    steepest = Math.max(steepest, Math.abs(background[i + width] - own));
                }
                shakeTolerance[i] = perStep * steepest;
            }
        }
    }

    /**
     * Keeps changed cells in the zones with at least two changed neighbours, joins them into regions,
     * follows the regions of the minimum area from the last picture's, and marks the cells of those that
     * count as motion in {@link #moving}. Returns how many cells that is.
     */
    private int findRegions(long nanos) {
        int cells = width * height;
        for (int i = 0; i < cells; i++) {
            wasMoving[i] |= moving[i];
        }
        float floor = settings.thresholdFloor();
        int specks = 0;
        for (int y = 0, i = 0; y < height; y++) {
            for (int x = 0; x < width; x++, i++) {
                int neighbours = changedNeighbours(i, x, y);
                // At the picture's edge a cell has 5 neighbours, not 8: one changed neighbour along the
                // edge keeps it (something coming in is a strip of cells along the edge at first).
                boolean edge = x == 0 || y == 0 || x == width - 1 || y == height - 1;
                boolean kept = neighbours >= 2 || neighbours == 1 && edge;
                // Until the regions are known, a kept cell's count of changed neighbours (2 to 8), else 0.
                moving[i] = (byte) (kept ? Math.max(2, neighbours) : 0);
                specks += neighbours >= 0 && !kept ? 1 : 0;
            }
        }
        // Many lone specks at once (snow, rain, a noisy night picture): only regions with a solid core count.
        boolean speckled = specks > SPECKLED_FRACTION * zoneCells;
        int minArea = Math.max(1, (int) Math.ceil(settings.minAreaFraction() * cells));
        Arrays.fill(labels, 0);
        tracks.startPicture();
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
            long sumX = 0;
            long sumY = 0;
            float restlessness = 0;
            float strangeness = 0;
            boolean stirred = false;
            boolean wasMotion = false;
            int cores = 0;
            int size = 0;
            stack[size++] = start;
            labels[start] = label;
            while (size > 0) {
                int cell = stack[--size];
                int x = cell % width;
                int y = cell / width;
                area++;
                sumX += x;
                sumY += y;
                restlessness += activity[cell];
                strangeness += strangeness(cell, x, y);
                stirred |= Math.abs(picture[cell] - lastPicture[cell]) > floor;
                wasMotion |= wasMoving[cell] != 0;
                cores += moving[cell] >= 4 ? 1 : 0;
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
            // Among specks, a region must be solid, or be coming in at the picture's edge (a strip of cells
            // at first) clearly unlike the background around it.
            boolean solid = cores >= 2 && area >= 2 * minArea;
            boolean atEdge = left == 0 || top == 0 || right == width - 1 || bottom == height - 1;
            boolean comingIn = atEdge && strangeness >= COMING_IN_STRANGENESS * floor * area;
            labelAreas[label] = 0;
            unswungLabels[label] = (byte) (comingIn ? 1 : 0);
            if (area >= minArea && (!speckled || solid || comingIn)) {
                boolean reveals = restlessness / area <= RESTLESS && revealsBackground(label, left, top, right, bottom);
                // As it was: none of its cells changed by the floor since the last analysed picture, and none was
                // motion lately (someone who crouched, and whose region is a new track where they stopped).
                boolean asItWas = !stirred && !wasMotion;
                tracks.offer(label, left, top, right, bottom, area, (float) sumX / area, (float) sumY / area,
                        restlessness / area, strangeness / area / floor, asItWas, reveals, width, height);
            }
        }
        int movingCells = tracks.follow(nanos, nanos < settledNanos, settings.minFrames(), minArea, width, height,
                labelAreas);
        regionCount = 0;
        for (int c = 0; c < tracks.candidateCount(); c++) {
            if (labelAreas[tracks.label(c)] > 0) {
                keepRegion(c);
            } else if (tracks.leftBehind(c)) {
                takeIntoBackground(c);
            } else if (tracks.followsMotion(c)) {
                unswungLabels[tracks.label(c)] = 1;
            }
        }
        for (int i = 0; i < cells; i++) {
            moving[i] = (byte) (labels[i] > 0 && labelAreas[labels[i]] > 0 ? 1 : 0);
        }
        return movingCells;
    }

    /**
     * Whether the outline of region {@code label} (in the box from left, top to right, bottom, inclusive) is
     * in its background rather than in the picture: across its edge to the unchanged cells around it, the
     * background steps by far more than the picture does. Something that arrived has its outline in the
     * picture (it is unlike what is around it, or it is camouflaged and has none); where something stood
     * when the background was learnt and has gone, the picture runs on smoothly and the background holds
     * its outline. The texture of the ground is in both, and cancels.
     */
    private boolean revealsBackground(int label, int left, int top, int right, int bottom) {
        float pictureSteps = 0;
        float backgroundSteps = 0;
        int pairs = 0;
        for (int y = top; y <= bottom; y++) {
            for (int x = left, i = y * width + x; x <= right; x++, i++) {
                if (labels[i] != label) {
                    continue;
                }
                for (int n = 0; n < 4; n++) {
                    int nx = x + (n == 0 ? -1 : n == 1 ? 1 : 0);
                    int ny = y + (n == 2 ? -1 : n == 3 ? 1 : 0);
                    if (nx < 0 || ny < 0 || nx >= width || ny >= height) {
                        continue;
                    }
                    int j = ny * width + nx;
                    // An unchanged neighbour: outside the region, whose cells have all changed.
                    if (changed[j] == 0) {
                        pictureSteps += Math.abs(picture[i] - picture[j]);
                        backgroundSteps += Math.abs(background[i] - background[j]);
                        pairs++;
                    }
                }
            }
        }
        // A few pairs (a small region, or one among other changed cells) are one step of the ground's texture.
        return pairs >= GHOST_PAIRS && backgroundSteps >= GHOST_CONTRAST * pictureSteps
                && backgroundSteps >= 2 * settings.thresholdFloor() * pairs;
    }

    /**
     * Candidate c's cells show what was behind something that was in the background and has gone (a ghost
     * of it): that is their background. Left changed, they would be worn down by their noise over the
     * absorb time, and the pieces that stay would seem to move.
     */
    private void takeIntoBackground(int candidate) {
        int label = tracks.label(candidate);
        for (int y = tracks.box(candidate, 1); y < tracks.box(candidate, 3); y++) {
            for (int x = tracks.box(candidate, 0), i = y * width + x; x < tracks.box(candidate, 2); x++, i++) {
                if (labels[i] == label) {
                    takeAsBackground(i);
                }
            }
        }
    }

    /**
     * How unlike its surroundings a changed cell is, in levels: for a cell beyond its swing, how far it is
     * outside the range of the background within {@link #SURROUNDINGS} cells, else 0. Leaves that sway or
     * bend in a gust show, in each block, about what the background of a block nearby shows (the middle
     * of its own sway); a person walking through them shows their own colours.
     */
    private float strangeness(int cell, int x, int y) {
        float value = picture[cell];
        if (Math.abs(value - background[cell]) <= swing[cell]) {
            return 0;
        }
        float low = Float.MAX_VALUE;
        float high = -Float.MAX_VALUE;
        for (int ny = Math.max(0, y - SURROUNDINGS); ny <= Math.min(height - 1, y + SURROUNDINGS); ny++) {
            for (int nx = Math.max(0, x - SURROUNDINGS); nx <= Math.min(width - 1, x + SURROUNDINGS); nx++) {
                float around = background[ny * width + nx];
                low = Math.min(low, around);
                high = Math.max(high, around);
            }
        }
        return Math.max(0, Math.max(low - value, value - high));
    }

    /**
     * For a changed cell in the zones (at x, y), how many of its neighbours changed too (a cell with at
     * least two, or one along the picture's edge, takes part in regions, one with fewer is a speck); -1
     * for any other cell.
     */
    private int changedNeighbours(int cell, int x, int y) {
        if (changed[cell] == 0 || zoneMask[cell] == 0) {
            return -1;
        }
        int neighbours = -1; // the cell itself is counted below
        for (int ny = Math.max(0, y - 1); ny <= Math.min(height - 1, y + 1); ny++) {
            for (int nx = Math.max(0, x - 1); nx <= Math.min(width - 1, x + 1); nx++) {
                neighbours += changed[ny * width + nx];
            }
        }
        return neighbours;
    }

    /** Keeps the {@link #MAX_REGIONS} largest counting regions for the event. */
    private void keepRegion(int candidate) {
        int area = tracks.area(candidate);
        int slot = RegionTracks.slotAmongLargest(regionAreas, regionCount, MAX_REGIONS, area);
        if (slot < 0) {
            return;
        }
        if (slot == regionCount) {
            regionCount++;
        }
        regionAreas[slot] = area;
        for (int edge = 0; edge < 4; edge++) {
            regionBoxes[slot * 4 + edge] = tracks.box(candidate, edge);
        }
    }

    private void update(int cells, long elapsedNanos, long restlessElapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        double restlessSeconds = restlessElapsedNanos / 1e9;
        float follow = (float) (1 - Math.exp(-seconds / BACKGROUND_SECONDS));
        float noiseFollow = (float) (1 - Math.exp(-seconds / NOISE_SECONDS));
        float slowNoiseFollow = noiseFollow / 6;
        float rise = (float) (1 - Math.exp(-restlessSeconds / ACTIVITY_RISE_SECONDS));
        float fall = (float) Math.exp(-restlessSeconds / ACTIVITY_FALL_SECONDS);
        float swingFall = (float) Math.exp(-seconds / SWING_FALL_SECONDS);
        int elapsedMillis = (int) Math.min(Integer.MAX_VALUE, elapsedNanos / 1_000_000);
        int absorbMillis = settings.absorbMillis();
        float floor = settings.thresholdFloor();
        float factor = settings.noiseFactor();
        for (int i = 0; i < cells; i++) {
            float value = picture[i];
            float difference = Math.abs(value - background[i]);
            // A big difference counts only up to twice the threshold, so one event barely deafens a cell.
            float sample = Math.min(difference, 2 * Math.max(floor, factor * noise[i]));
            // The swing rises at once to a larger difference, unless what made it is motion.
            swing[i] *= swingFall;
            boolean unswung = labels[i] > 0 && unswungLabels[labels[i]] != 0;
            if (moving[i] == 0 && !unswung && difference > swing[i]) {
                swing[i] = difference;
            }
            boolean restless = activity[i] > RESTLESS;
            if (changed[i] == 0 || restless && moving[i] == 0) {
                // Restless cells follow even while changed: their background is the middle of their sway. Not
                // while what changed counts as motion: someone standing in front of leaves would become their
                // background, and leave a ghost of themselves behind.
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
            // Restlessness: a change from one analysed picture to the next, whatever the background says,
            // but not where something counts as motion now or did in the last picture: someone who walks
            // in and stands among leaves, or the cars of a busy road, would otherwise make the cells they
            // cover and leave restless, and be distrusted for their own movement.
            if (restlessElapsedNanos == 0) {
                continue;
            }
            float restlessFrom = shaking ? floor + SHAKE_RESTLESS_PIXELS * shakeTolerance[i] : floor;
            if (moving[i] == 0 && wasMoving[i] == 0 && Math.abs(value - previous[i]) > restlessFrom) {
                activity[i] += rise * (1 - activity[i]);
            } else {
                activity[i] *= fall;
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

    /** Fraction of the picture in regions that count as motion, 0 to 1. */
    double score() {
        return score;
    }

    /** The light level ratio the background was last scaled by. */
    float gain() {
        return gain;
    }

    /** The frame-wide shift undone in the last picture, in pixels across. */
    int shiftX() {
        return shiftX;
    }

    /** The frame-wide shift undone in the last picture, in pixels down. */
    int shiftY() {
        return shiftY;
    }

    /** Whether the last picture differed all over, so that a shift was searched for. */
    boolean searchedShift() {
        return searchedShift;
    }

    /** Whether the last picture had a region in calm cells, which may count as motion in the next. */
    boolean calmRegion() {
        return lastNanos >= settledNanos && tracks.calmRegion();
    }

    /** When the oldest track that counts as motion in the last picture was first seen. */
    long motionSinceNanos() {
        return tracks.motionSinceNanos();
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

    /** 1 per cell in a region that counts as motion; read-only. */
    byte[] moving() {
        return moving;
    }

    /** 1 per cell that changed, before despeckling and zones; read-only. */
    byte[] changed() {
        return changed;
    }

    /** Per cell, 0 to 1, how restless it has been lately: what raises its threshold; read-only. */
    float[] activity() {
        return activity;
    }

    /** 1 per cell where motion counts; read-only, and replaced rather than changed when the picture size changes. */
    byte[] zoneMask() {
        return zoneMask;
    }

    Zones zones() {
        return settings.zones();
    }

    /** Bytes of the model's arrays for the current picture size. */
    long memoryBytes() {
        long cells = (long) width * height;
        // Per cell: picture, previous, lastPicture, background, formerBackground, noise, activity, swing,
        // shakeTolerance (floats); stillMillis, labels, labelAreas, stack (ints); zoneMask, changed, moving,
        // wasMoving, hidden, unswungLabels (bytes). The histogram, the regions' boxes and areas, the tracks,
        // the shift search's sample. The log-ratio table is shared by every camera.
        return cells * (9 * 4 + 4 * 4 + 6) + 4 + 1 + histogram.length * 4L + 5L * 4 * MAX_REGIONS
                + RegionTracks.memoryBytes()
                + 4L * (sampleCells.length + sampleValues.length + columnChanges.length + rowChanges.length
                        + corners.length);
    }
}
