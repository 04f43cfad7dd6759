package nightjar.motion.internal;

/**
 * The regions of the minimum area followed from one analysed picture to the next, and which of them
 * count as motion: a region counts once its track has lasted the minimum number of pictures; where
 * the picture is restless (leaves, water, rain, a clock overlay), only when its track has also moved
 * on steadily, as someone walking does and swaying leaves do not. Fixed-size arrays, allocated once.
 * Not for two threads at once.
 */
final class RegionTracks {
    /** Regions followed from picture to picture: the largest of each picture. */
    static final int MAX_TRACKS = 32;
    /** Mean activity of a region above which it must move on steadily to count. */
    private static final float DISTRUSTED_REGION = 0.3f;
    /** How far (in cells) a track in restless cells must have moved from where it began. */
    private static final float STEADY_DISTANCE = 1.5f;
    /** The share of its path a track in restless cells must have made in one direction. */
    private static final float STEADY_PATH = 0.7f;

    // Regions of this picture that may be tracked (the largest MAX_TRACKS of the minimum area).
    private int candidateCount;
    private final int[] candidateLabels = new int[MAX_TRACKS];
    private final int[] candidateBoxes = new int[MAX_TRACKS * 4];
    private final int[] candidateAreas = new int[MAX_TRACKS];
    private final float[] candidateX = new float[MAX_TRACKS];
    private final float[] candidateY = new float[MAX_TRACKS];
    private final float[] candidateDistrust = new float[MAX_TRACKS];
    // Tracks: the candidates of the last picture, with their history.
    private int trackCount;
    private final int[] trackBoxes = new int[MAX_TRACKS * 4];
    private final float[] trackX = new float[MAX_TRACKS];
    private final float[] trackY = new float[MAX_TRACKS];
    private final float[] trackFirstX = new float[MAX_TRACKS];
    private final float[] trackFirstY = new float[MAX_TRACKS];
    private final int[] trackAge = new int[MAX_TRACKS];
    private final int[] trackArea = new int[MAX_TRACKS];
    /** How far the track's centre has travelled, step by step, in cells. */
    private final float[] trackPath = new float[MAX_TRACKS];
    /** The track's last step, in cells. */
    private final float[] trackStepX = new float[MAX_TRACKS];
    private final float[] trackStepY = new float[MAX_TRACKS];
    /** Whether the track kept its size at every step so far. */
    private final boolean[] trackSized = new boolean[MAX_TRACKS];
    private final long[] trackBornNanos = new long[MAX_TRACKS];
    // The next picture's tracks, built while matching.
    private final int[] nextBoxes = new int[MAX_TRACKS * 4];
    private final float[] nextX = new float[MAX_TRACKS];
    private final float[] nextY = new float[MAX_TRACKS];
    private final float[] nextFirstX = new float[MAX_TRACKS];
    private final float[] nextFirstY = new float[MAX_TRACKS];
    private final int[] nextAge = new int[MAX_TRACKS];
    private final float[] nextPath = new float[MAX_TRACKS];
    private final float[] nextStepX = new float[MAX_TRACKS];
    private final float[] nextStepY = new float[MAX_TRACKS];
    /** Whether the track's last two steps went the same way at a similar pace. */
    private final boolean[] nextSteady = new boolean[MAX_TRACKS];
    /** Whether the track kept its size at every step so far. */
    private final boolean[] nextSized = new boolean[MAX_TRACKS];
    private final long[] nextBornNanos = new long[MAX_TRACKS];

    private long motionSinceNanos;

    /** Forgets every track (the background was learnt anew). */
    void clear() {
        trackCount = 0;
        candidateCount = 0;
    }

    /** Starts a picture: no candidates yet. */
    void startPicture() {
        candidateCount = 0;
    }

    /** Offers a region of this picture (box edges inclusive, centre in cells); the {@link #MAX_TRACKS} largest are kept. */
    void offer(int label, int left, int top, int right, int bottom, int area, float x, float y,
            float distrust) {
        int slot = candidateCount;
        if (candidateCount == MAX_TRACKS) {
            slot = 0;
            for (int i = 1; i < MAX_TRACKS; i++) {
                if (candidateAreas[i] < candidateAreas[slot]) {
                    slot = i;
                }
            }
            if (candidateAreas[slot] >= area) {
                return;
            }
        } else {
            candidateCount++;
        }
        candidateLabels[slot] = label;
        candidateAreas[slot] = area;
        candidateBoxes[slot * 4] = left;
        candidateBoxes[slot * 4 + 1] = top;
        candidateBoxes[slot * 4 + 2] = right + 1;
        candidateBoxes[slot * 4 + 3] = bottom + 1;
        candidateX[slot] = x;
        candidateY[slot] = y;
        candidateDistrust[slot] = distrust;
    }

    /**
     * Matches each candidate to the last picture's track it continues (the nearest whose box, widened by
     * its own size, meets the candidate's: something moves at most about its own size between analysed
     * pictures), ages the tracks, and decides which candidates count: those whose track has lasted
     * {@code minFrames} pictures, and in restless cells (or while {@code settling}) also moved on
     * steadily. Their labels keep their area in {@code labelAreas} (0 for the others); returns the
     * cells they cover.
     */
    int follow(long nanos, boolean settling, int minFrames, int width, int height, int[] labelAreas) {
        int movingCells = 0;
        long earliest = Long.MAX_VALUE;
        for (int c = 0; c < candidateCount; c++) {
            int match = -1;
            float nearest = Float.MAX_VALUE;
            for (int t = 0; t < trackCount; t++) {
                int w = trackBoxes[t * 4 + 2] - trackBoxes[t * 4];
                int h = trackBoxes[t * 4 + 3] - trackBoxes[t * 4 + 1];
                boolean meets = candidateBoxes[c * 4] < trackBoxes[t * 4 + 2] + w
                        && candidateBoxes[c * 4 + 2] > trackBoxes[t * 4] - w
                        && candidateBoxes[c * 4 + 1] < trackBoxes[t * 4 + 3] + h
                        && candidateBoxes[c * 4 + 3] > trackBoxes[t * 4 + 1] - h;
                float dx = candidateX[c] - trackX[t];
                float dy = candidateY[c] - trackY[t];
                float distance = dx * dx + dy * dy;
                if (meets && distance < nearest) {
                    nearest = distance;
                    match = t;
                }
            }
            // A region of a very different size is something else (leaves that merged or fell apart).
            if (match >= 0 && (candidateAreas[c] > 2 * trackArea[match] || 2 * candidateAreas[c] < trackArea[match])) {
                match = -1;
            }
            System.arraycopy(candidateBoxes, c * 4, nextBoxes, c * 4, 4);
            nextX[c] = candidateX[c];
            nextY[c] = candidateY[c];
            if (match < 0) {
                nextFirstX[c] = candidateX[c];
                nextFirstY[c] = candidateY[c];
                nextAge[c] = 1;
                nextPath[c] = 0;
                nextStepX[c] = 0;
                nextStepY[c] = 0;
                nextSteady[c] = false;
                nextSized[c] = true;
                nextBornNanos[c] = nanos;
            } else {
                nextFirstX[c] = trackFirstX[match];
                nextFirstY[c] = trackFirstY[match];
                nextAge[c] = trackAge[match] + 1;
                float stepX = candidateX[c] - trackX[match];
                float stepY = candidateY[c] - trackY[match];
                float step = (float) Math.sqrt(stepX * stepX + stepY * stepY);
                float before = (float) Math.sqrt(trackStepX[match] * trackStepX[match]
                        + trackStepY[match] * trackStepY[match]);
                nextPath[c] = trackPath[match] + step;
                nextStepX[c] = stepX;
                nextStepY[c] = stepY;
                // Something that walks keeps its size (give or take a quarter, or 3 cells of a small one),
                // unless it is coming in at the edge.
                boolean comingIn = candidateBoxes[c * 4] == 0 && stepX > 0 || candidateBoxes[c * 4 + 1] == 0 && stepY > 0
                        || candidateBoxes[c * 4 + 2] == width && stepX < 0 || candidateBoxes[c * 4 + 3] == height && stepY < 0;
                int larger = Math.max(candidateAreas[c], trackArea[match]);
                boolean sameSize = comingIn || 4 * Math.abs(candidateAreas[c] - trackArea[match]) <= Math.max(12, larger);
                nextSized[c] = sameSize && trackSized[match];
                nextSteady[c] = nextSized[c] && step > 0.3f && before > 0.3f && step < 2.5f * before && before < 2.5f * step
                        && stepX * trackStepX[match] + stepY * trackStepY[match] > 0.7f * step * before;
                nextBornNanos[c] = trackBornNanos[match];
            }
            boolean counts = nextAge[c] >= minFrames;
            if (counts && (settling || candidateDistrust[c] > DISTRUSTED_REGION)) {
                counts = nextAge[c] >= Math.max(3, minFrames) && steady(c);
            }
            if (counts) {
                labelAreas[candidateLabels[c]] = candidateAreas[c];
                movingCells += candidateAreas[c];
                earliest = Math.min(earliest, nextBornNanos[c]);
            }
        }
        trackCount = candidateCount;
        System.arraycopy(nextBoxes, 0, trackBoxes, 0, candidateCount * 4);
        System.arraycopy(nextX, 0, trackX, 0, candidateCount);
        System.arraycopy(nextY, 0, trackY, 0, candidateCount);
        System.arraycopy(nextFirstX, 0, trackFirstX, 0, candidateCount);
        System.arraycopy(nextFirstY, 0, trackFirstY, 0, candidateCount);
        System.arraycopy(nextAge, 0, trackAge, 0, candidateCount);
        System.arraycopy(candidateAreas, 0, trackArea, 0, candidateCount);
        System.arraycopy(nextPath, 0, trackPath, 0, candidateCount);
        System.arraycopy(nextStepX, 0, trackStepX, 0, candidateCount);
        System.arraycopy(nextStepY, 0, trackStepY, 0, candidateCount);
        System.arraycopy(nextSized, 0, trackSized, 0, candidateCount);
        System.arraycopy(nextBornNanos, 0, trackBornNanos, 0, candidateCount);
        motionSinceNanos = earliest == Long.MAX_VALUE ? nanos : earliest;
        return movingCells;
    }

    /**
     * Whether candidate c's track has moved on steadily: its last two steps the same way at a similar
     * pace, far from where it began (for its size), and mostly in one direction (its way from there at
     * least 70% of the path it took), as someone walking does; swaying leaves, water and snow go to and
     * fro or jump about.
     */
    private boolean steady(int c) {
        float movedX = candidateX[c] - nextFirstX[c];
        float movedY = candidateY[c] - nextFirstY[c];
        float moved = (float) Math.sqrt(movedX * movedX + movedY * movedY);
        float needed = Math.max(STEADY_DISTANCE, 0.5f * (float) Math.sqrt(candidateAreas[c]));
        return nextSteady[c] && moved >= needed && moved >= STEADY_PATH * nextPath[c];
    }

    int candidateCount() {
        return candidateCount;
    }

    int label(int candidate) {
        return candidateLabels[candidate];
    }

    int area(int candidate) {
        return candidateAreas[candidate];
    }

    /** Candidate c's box in cells: left, top, right (exclusive), bottom (exclusive). */
    int box(int candidate, int edge) {
        return candidateBoxes[candidate * 4 + edge];
    }

    /** When the oldest track that counts as motion in the last picture was first seen. */
    long motionSinceNanos() {
        return motionSinceNanos;
    }

    /** Bytes of the arrays: about 40 per track. */
    static long memoryBytes() {
        return MAX_TRACKS * 160L;
    }
}
