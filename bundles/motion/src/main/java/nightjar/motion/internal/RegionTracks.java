package nightjar.motion.internal;

/**
 * The regions of the minimum area followed from one analysed picture to the next, and which of them
 * count as motion: a region counts once its track has lasted the minimum number of pictures. Where the
 * picture is restless (leaves, water, rain, a clock overlay), a track counts only when it walks steadily
 * (keeps its size and moves on in one direction, as swaying leaves do not), or when it is something new
 * moving through: a region whose cells are, on average over its track, unlike anything the background
 * shows around them, that moved on. A calm region that stays where its track began, with its outline in
 * its background rather than in the picture, is what something gone left behind (a ghost), never
 * motion; nor is a change in place that stays as it is (a lamp switched on, a printed clock's minute).
 * Fixed-size arrays, allocated once. Not for two threads at once.
 */
final class RegionTracks {
    /** Regions followed from picture to picture: the largest of each picture. */
    static final int MAX_TRACKS = 32;
    /**
     * For how many pictures in a row a calm region must stay where it is and reveal its background to be
     * taken for what something gone left behind.
     */
    private static final int GHOST_PICTURES = 3;
    /** And for how long, at least: 3 pictures at the default rate, more at a higher one. */
    private static final long GHOST_NANOS = 400_000_000L;
    /** Mean activity of a region above which it must walk steadily or be something new to count. */
    private static final float DISTRUSTED_REGION = 0.3f;
    /** How far (in cells) a track in restless cells must have moved from where it began. */
    private static final float STEADY_DISTANCE = 1.5f;
    /** The share of its path a track in restless cells must have made in one direction. */
    private static final float STEADY_PATH = 0.7f;
    /**
     * How strange (see {@link #offer}) a track's regions must have been on average to be something new:
     * unlike their surroundings by the threshold floor, the smallest difference that counts anywhere.
     */
    private static final float NEW_STRANGENESS = 1f;
    /** A calm region below this many times the minimum area must have moved or be something new to count. */
    private static final int SMALL_AREAS = 4;
    /** How far (in cells), at least, such a region must have moved. */
    private static final float SMALL_DISTANCE = 1f;
    /** How far (in cells) a region's centre may move from picture to picture by where its outline falls alone. */
    private static final float OUTLINE_JITTER = 0.5f;
    /** How far (in cells) something new must have moved from where it was first seen. */
    private static final float NEW_DISTANCE = 0.5f;
    /**
     * In restless cells a track's pictures are counted only this far apart (as restlessness compares them):
     * at a higher analysis rate, three pictures 67 ms apart are a moment of the leaves' sway, in which they
     * go one way. At the default rate (5 a second) every picture counts, whatever the camera's timing.
     */
    private static final long COUNTED_NANOS = 150_000_000L;

    /** One picture's regions, each with the history of the track it continues. */
    private static final class Regions {
        int count;
        final int[] labels = new int[MAX_TRACKS];
        /** Left, top, right (exclusive), bottom (exclusive), in cells. */
        final int[] boxes = new int[MAX_TRACKS * 4];
        final int[] areas = new int[MAX_TRACKS];
        final float[] x = new float[MAX_TRACKS];
        final float[] y = new float[MAX_TRACKS];
        final float[] distrust = new float[MAX_TRACKS];
        final float[] strangeness = new float[MAX_TRACKS];
        /**
         * Where its front is, in cells: for a region at the picture's left or right edge (something coming
         * in or going out) its inner edge across, at the top or bottom its inner edge down, else its centre.
         */
        final float[] frontX = new float[MAX_TRACKS];
        final float[] frontY = new float[MAX_TRACKS];
        // The track's history up to this picture.
        final float[] firstX = new float[MAX_TRACKS];
        final float[] firstY = new float[MAX_TRACKS];
        final float[] firstFrontX = new float[MAX_TRACKS];
        final float[] firstFrontY = new float[MAX_TRACKS];
        final int[] age = new int[MAX_TRACKS];
        /** The track's pictures at least {@link #COUNTED_NANOS} apart, and when the last of them was. */
        final int[] counted = new int[MAX_TRACKS];
        final long[] countedNanos = new long[MAX_TRACKS];
        /** How far the track's centre has travelled, step by step, in cells, each step less its outline's jitter. */
        final float[] path = new float[MAX_TRACKS];
        /** The track's last step, in cells. */
        final float[] stepX = new float[MAX_TRACKS];
        final float[] stepY = new float[MAX_TRACKS];
        /** Whether the track kept its size at every step so far. */
        final boolean[] sized = new boolean[MAX_TRACKS];
        /** Whether each of its steps so far was no longer than its region was big. */
        final boolean[] overlapping = new boolean[MAX_TRACKS];
        /** Whether the track's last two steps went the same way at a similar pace, keeping its size. */
        final boolean[] steady = new boolean[MAX_TRACKS];
        /** The mean strangeness of the track's regions so far. */
        final float[] meanStrangeness = new float[MAX_TRACKS];
        final long[] bornNanos = new long[MAX_TRACKS];
        /** Whether the region's outline is in its background rather than in the picture (see {@link #offer}). */
        final boolean[] revealsBackground = new boolean[MAX_TRACKS];
        /**
         * For how many pictures in a row, up to this one, the track's regions revealed their background
         * within half a cell of where the first of them was ({@link #revealedX}, {@link #revealedY}), and
         * since when.
         */
        final int[] revealing = new int[MAX_TRACKS];
        final long[] revealingNanos = new long[MAX_TRACKS];
        final float[] revealedX = new float[MAX_TRACKS];
        final float[] revealedY = new float[MAX_TRACKS];
        /** Whether the region is what something gone left behind it in the background (see {@link #follow}). */
        final boolean[] leftBehind = new boolean[MAX_TRACKS];
        /** Whether the region counts as motion. */
        final boolean[] counts = new boolean[MAX_TRACKS];
        /** Whether the region's track counted as motion in the last picture. */
        final boolean[] followsMotion = new boolean[MAX_TRACKS];
        /**
         * Whether none of the region's cells changed by the threshold floor since the last analysed picture,
         * and none was motion lately.
         */
        final boolean[] asItWas = new boolean[MAX_TRACKS];
    }

    /** How many times its own size a region in calm cells may have moved from one picture to the next. */
    private static final int CALM_REACH = 3;
    /** Per candidate, the last picture's track it would continue, or -1. */
    private final int[] matches = new int[MAX_TRACKS];
    /** This picture's regions: the candidates. */
    private Regions current = new Regions();
    /** The last picture's regions: the tracks the candidates may continue. */
    private Regions previous = new Regions();
    private long motionSinceNanos;
    /** Whether the last picture had a region in calm cells. */
    private boolean calmRegion;

    /**
     * Where an item of {@code area} goes among at most {@code max} kept so far ({@code count}, their areas
     * in {@code areas}) when only the largest are kept: the next free slot ({@code count}), the smallest
     * one's slot if the item is larger, or -1 when it is not kept.
     */
    static int slotAmongLargest(int[] areas, int count, int max, int area) {
        if (count < max) {
            return count;
        }
        int smallest = 0;
        for (int i = 1; i < max; i++) {
            if (areas[i] < areas[smallest]) {
                smallest = i;
            }
        }
        return areas[smallest] < area ? smallest : -1;
    }

    /** Whether the last picture had a region in calm cells: something that may be motion in the next. */
    boolean calmRegion() {
        return calmRegion;
    }

    /** Forgets every track (the background was learnt anew). */
    void clear() {
        current.count = 0;
        previous.count = 0;
        calmRegion = false;
    }

    /** Starts a picture: the last picture's regions become the tracks, and there are no candidates yet. */
    void startPicture() {
        Regions last = current;
        current = previous;
        previous = last;
        current.count = 0;
    }

    /**
     * Offers a region of this picture (box edges inclusive, centre in cells); the {@link #MAX_TRACKS}
     * largest are kept. {@code distrust} is its cells' mean activity; {@code strangeness} how unlike the
     * background around them its cells are, on average, in threshold floors; {@code asItWas} whether none
     * of its cells changed by the floor since the last analysed picture and none was motion lately;
     * {@code revealsBackground} whether its outline is in its background rather than in the picture;
     * {@code width x height} the picture in cells, to tell a region at its edge (whose front is its inner
     * edge).
     */
    void offer(int label, int left, int top, int right, int bottom, int area, float x, float y, float distrust,
            float strangeness, boolean asItWas, boolean revealsBackground, int width, int height) {
        Regions regions = current;
        int slot = slotAmongLargest(regions.areas, regions.count, MAX_TRACKS, area);
        if (slot < 0) {
            return;
        }
        if (slot == regions.count) {
            regions.count++;
        }
        regions.labels[slot] = label;
        regions.areas[slot] = area;
        regions.boxes[slot * 4] = left;
        regions.boxes[slot * 4 + 1] = top;
        regions.boxes[slot * 4 + 2] = right + 1;
        regions.boxes[slot * 4 + 3] = bottom + 1;
        regions.x[slot] = x;
        regions.y[slot] = y;
        boolean atLeft = left == 0;
        boolean atRight = right == width - 1;
        regions.frontX[slot] = atLeft == atRight ? x : atLeft ? right : left;
        boolean atTop = top == 0;
        boolean atBottom = bottom == height - 1;
        regions.frontY[slot] = atTop == atBottom ? y : atTop ? bottom : top;
        regions.distrust[slot] = distrust;
        regions.strangeness[slot] = strangeness;
        regions.asItWas[slot] = asItWas;
        regions.revealsBackground[slot] = revealsBackground;
    }

    /**
     * Matches each candidate to the last picture's track it continues (the nearest whose box, widened by
     * its own size, meets the candidate's: something moves at most about its own size between analysed
     * pictures; in restless cells also with its centre no further away than that size), ages the tracks,
     * and decides which candidates count: those whose track has lasted {@code minFrames} pictures, and in
     * restless cells (or while {@code settling}) also walked steadily or is something new moving through,
     * counting its pictures 0.15 s apart or more, or counted in the last picture and is still strange
     * (someone who counted in calm cells and walked into leaves: their track is too young for those
     * rules); a calm region smaller than 4 times {@code minArea} only when it moved or is something new,
     * a larger one when it moved at all (or its front did) or is something new; and none that is
     * {@link #leftBehind}. Their labels keep their area in
     * {@code labelAreas} (0 for the others); returns the cells they cover.
     */
    int follow(long nanos, boolean settling, int minFrames, int minArea, int width, int height, int[] labelAreas) {
        Regions now = current;
        int movingCells = 0;
        long earliest = Long.MAX_VALUE;
        calmRegion = false;
        for (int c = 0; c < now.count; c++) {
            matches[c] = match(c, width, height);
            calmRegion |= now.distrust[c] <= DISTRUSTED_REGION;
        }
        for (int c = 0; c < now.count; c++) {
            int match = continued(c);
            if (match < 0) {
                now.firstX[c] = now.x[c];
                now.firstY[c] = now.y[c];
                now.firstFrontX[c] = now.frontX[c];
                now.firstFrontY[c] = now.frontY[c];
                now.age[c] = 1;
                now.counted[c] = 1;
                now.countedNanos[c] = nanos;
                now.path[c] = 0;
                now.stepX[c] = 0;
                now.stepY[c] = 0;
                now.sized[c] = true;
                now.overlapping[c] = true;
                now.steady[c] = false;
                now.meanStrangeness[c] = now.strangeness[c];
                now.bornNanos[c] = nanos;
                now.followsMotion[c] = false;
                startRevealing(c, nanos);
            } else {
                continueTrack(c, match, nanos, width, height);
            }
            boolean counts = now.age[c] >= minFrames;
            // A calm region that stays where it is, with its outline in its background rather than in the
            // picture, for 3 pictures and 0.4 s, is what something that has gone left behind in the
            // background (it stood there, or passed, while the background was learnt): a ghost of it. Its
            // track may go on from the track of what left it, which moved, but it began there. Someone who
            // walked in and stopped began elsewhere: in the picture's tone in front of something that stands
            // out (a lit window), their outline is that thing's, in the background, too.
            now.leftBehind[c] = now.revealing[c] >= GHOST_PICTURES && nanos - now.revealingNanos[c] >= GHOST_NANOS
                    && now.distrust[c] <= DISTRUSTED_REGION && beganWithin(c);
            if (now.leftBehind[c] || changedInPlace(c, match)) {
                counts = false;
            } else if (counts && (settling || now.distrust[c] > DISTRUSTED_REGION)) {
                counts = walksSteadily(c, minFrames) || isNewAndMoving(c, minFrames)
                        || followsSomethingNew(c, settling);
            } else if (counts && now.areas[c] < SMALL_AREAS * minArea) {
                // A small region that stays where it appeared and shows what its cells or those around them
                // have shown before is something already there that changed a little (leaves that settled
                // elsewhere after a gust), not something arriving. A cell's gain or loss moves its centre by
                // up to half a cell, two such regions merging by half their size.
                float needed = Math.max(SMALL_DISTANCE, 0.5f * (float) Math.sqrt(now.areas[c]));
                counts = moved(c) >= needed || now.meanStrangeness[c] >= NEW_STRANGENESS;
            } else if (counts) {
                // A larger one that stays where it appeared and shows what the background around it shows is
                // where something stood when the background was learnt (at the start, or while it passed
                // then) and has gone: what was behind it, a ghost of it. Something arriving moves on (its
                // front, coming in at the edge), or is unlike what is around it.
                counts = advanced(c) >= NEW_DISTANCE || now.meanStrangeness[c] >= NEW_STRANGENESS;
            }
            now.counts[c] = counts;
            if (counts) {
                labelAreas[now.labels[c]] = now.areas[c];
                movingCells += now.areas[c];
                earliest = Math.min(earliest, now.bornNanos[c]);
            }
        }
        motionSinceNanos = earliest == Long.MAX_VALUE ? nanos : earliest;
        return movingCells;
    }

    /**
     * The last picture's track that candidate c continues, or -1: a track that split in two goes on in the
     * part nearest to it (the other parts are new), so that leaves that fell apart do not carry the whole
     * track's path along, as if they had moved.
     */
    private int continued(int c) {
        int t = matches[c];
        if (t < 0) {
            return -1;
        }
        float distance = distance(c, t);
        for (int other = 0; other < current.count; other++) {
            if (other != c && matches[other] == t) {
                float otherDistance = distance(other, t);
                if (otherDistance < distance || otherDistance == distance && other < c) {
                    return -1;
                }
            }
        }
        return t;
    }

    /** The squared distance between candidate c's centre and the last picture's region t's. */
    private float distance(int c, int t) {
        float dx = current.x[c] - previous.x[t];
        float dy = current.y[c] - previous.y[t];
        return dx * dx + dy * dy;
    }

    /** The last picture's track that candidate c would continue (the nearest that fits), or -1. */
    private int match(int c, int width, int height) {
        Regions now = current;
        Regions last = previous;
        int match = -1;
        float nearest = Float.MAX_VALUE;
        for (int t = 0; t < last.count; t++) {
            // In calm cells, where nothing else changes, something fast may have moved further: a car that
            // crosses the picture in a second and a half goes three times its length between pictures.
            int reach = last.distrust[t] <= DISTRUSTED_REGION ? CALM_REACH : 1;
            int w = reach * (last.boxes[t * 4 + 2] - last.boxes[t * 4]);
            int h = reach * (last.boxes[t * 4 + 3] - last.boxes[t * 4 + 1]);
            boolean meets = now.boxes[c * 4] < last.boxes[t * 4 + 2] + w
                    && now.boxes[c * 4 + 2] > last.boxes[t * 4] - w
                    && now.boxes[c * 4 + 1] < last.boxes[t * 4 + 3] + h
                    && now.boxes[c * 4 + 3] > last.boxes[t * 4 + 1] - h;
            float distance = distance(c, t);
            // In restless cells a region whose centre is further from the track's than the track is big is
            // other leaves that changed, not where it went: following it would lend the track a jump, and
            // someone walking into the leaves would seem to have gone to and fro.
            int extent = Math.max(last.boxes[t * 4 + 2] - last.boxes[t * 4], last.boxes[t * 4 + 3] - last.boxes[t * 4 + 1]);
            boolean near = reach != 1 || distance <= (float) extent * extent;
            if (meets && near && distance < nearest) {
                nearest = distance;
                match = t;
            }
        }
        // A region of a very different size is something else (leaves that merged or fell apart), unless it
        // is calm and grew from the picture's edge or shrank to it: something big coming in or going out,
        // which in a small picture is most of itself from one analysed picture to the next.
        if (match < 0) {
            return -1;
        }
        if (now.areas[c] > 2 * last.areas[match]) {
            return calmAtEdge(last, match, width, height) ? match : -1;
        }
        if (2 * now.areas[c] < last.areas[match]) {
            return calmAtEdge(now, c, width, height) ? match : -1;
        }
        return match;
    }

    /** Candidate c continues the last picture's track t: its history, one step on. */
    private void continueTrack(int c, int t, long nanos, int width, int height) {
        Regions now = current;
        Regions last = previous;
        now.firstX[c] = last.firstX[t];
        now.firstY[c] = last.firstY[t];
        now.firstFrontX[c] = last.firstFrontX[t];
        now.firstFrontY[c] = last.firstFrontY[t];
        now.age[c] = last.age[t] + 1;
        boolean counted = nanos - last.countedNanos[t] >= COUNTED_NANOS;
        now.counted[c] = last.counted[t] + (counted ? 1 : 0);
        now.countedNanos[c] = counted ? nanos : last.countedNanos[t];
        float stepX = now.x[c] - last.x[t];
        float stepY = now.y[c] - last.y[t];
        float step = (float) Math.sqrt(stepX * stepX + stepY * stepY);
        float before = (float) Math.sqrt(last.stepX[t] * last.stepX[t] + last.stepY[t] * last.stepY[t]);
        // The path counts what a step goes beyond where the outline happens to fall: a slow car far down a
        // road moves its centre by half a cell either way from picture to picture, and would seem to go to
        // and fro as leaves do.
        now.path[c] = last.path[t] + Math.max(0, step - OUTLINE_JITTER);
        now.stepX[c] = stepX;
        now.stepY[c] = stepY;
        // Something that walks keeps its size (give or take a quarter, or 3 cells of a small one),
        // unless it is coming in at the edge.
        boolean comingIn = now.boxes[c * 4] == 0 && stepX > 0 || now.boxes[c * 4 + 1] == 0 && stepY > 0
                || now.boxes[c * 4 + 2] == width && stepX < 0 || now.boxes[c * 4 + 3] == height && stepY < 0;
        int larger = Math.max(now.areas[c], last.areas[t]);
        boolean sameSize = comingIn || 4 * Math.abs(now.areas[c] - last.areas[t]) <= Math.max(12, larger);
        now.sized[c] = sameSize && last.sized[t];
        // And it overlaps where it was at every step: no step longer than the region was big (restless
        // regions that merge and split jump further).
        int extent = Math.max(last.boxes[t * 4 + 2] - last.boxes[t * 4], last.boxes[t * 4 + 3] - last.boxes[t * 4 + 1]);
        now.overlapping[c] = step <= extent && last.overlapping[t];
        now.steady[c] = now.sized[c] && now.overlapping[c] && step > 0.3f && before > 0.3f && step < 2.5f * before
                && before < 2.5f * step && stepX * last.stepX[t] + stepY * last.stepY[t] > 0.7f * step * before;
        now.meanStrangeness[c] = (last.meanStrangeness[t] * last.age[t] + now.strangeness[c]) / now.age[c];
        now.bornNanos[c] = last.bornNanos[t];
        now.followsMotion[c] = last.counts[t];
        if (now.revealsBackground[c] && last.revealing[t] > 0 && Math.abs(now.x[c] - last.revealedX[t]) < NEW_DISTANCE
                && Math.abs(now.y[c] - last.revealedY[t]) < NEW_DISTANCE) {
            now.revealing[c] = last.revealing[t] + 1;
            now.revealingNanos[c] = last.revealingNanos[t];
            now.revealedX[c] = last.revealedX[t];
            now.revealedY[c] = last.revealedY[t];
        } else {
            startRevealing(c, nanos);
        }
    }

    /** Candidate c's run of pictures revealing its background starts here, if it reveals it. */
    private void startRevealing(int c, long nanos) {
        Regions now = current;
        now.revealing[c] = now.revealsBackground[c] ? 1 : 0;
        now.revealingNanos[c] = nanos;
        now.revealedX[c] = now.x[c];
        now.revealedY[c] = now.y[c];
    }

    /**
     * Whether candidate c, continuing the last picture's track {@code match} (or -1, new), is a change in
     * place that stays as it is: none of its cells changed by the floor since the last picture nor was
     * motion lately, and its region lies within the box the last one did (a lamp or a screen switched on, a
     * printed clock's minute; a lamp's region that loses its faintest cells as their noise level rises
     * shrinks or splits, and its centre moves, but it stays within). Something that arrives moves in, and
     * something alive moves within its outline, or in front of the lamp (a mean over a lamp's hundreds of
     * cells would hide someone walking in its light).
     */
    private boolean changedInPlace(int c, int match) {
        if (!current.asItWas[c]) {
            return false;
        }
        if (match < 0) {
            return true;
        }
        int[] now = current.boxes;
        int[] last = previous.boxes;
        return now[c * 4] >= last[match * 4] && now[c * 4 + 1] >= last[match * 4 + 1]
                && now[c * 4 + 2] <= last[match * 4 + 2] && now[c * 4 + 3] <= last[match * 4 + 3];
    }

    /**
     * Whether candidate c, in restless cells, goes on from a track that counted in the last picture and is
     * strange, over its track and in this picture: someone who counted in calm cells and walked into leaves,
     * too young a track for the rules for leaves. Not leaves that took over such a track where someone left
     * it: the track's mean keeps what it was for long, this picture's strangeness does not.
     */
    private boolean followsSomethingNew(int c, boolean settling) {
        Regions now = current;
        return !settling && now.followsMotion[c] && now.meanStrangeness[c] >= NEW_STRANGENESS
                && now.strangeness[c] >= NEW_STRANGENESS;
    }

    /** Whether candidate c's track began within its box: where its first region's centre was. */
    private boolean beganWithin(int c) {
        Regions now = current;
        return now.firstX[c] >= now.boxes[c * 4] && now.firstX[c] < now.boxes[c * 4 + 2]
                && now.firstY[c] >= now.boxes[c * 4 + 1] && now.firstY[c] < now.boxes[c * 4 + 3];
    }

    /**
     * Whether candidate c's track has walked steadily, for at least three counted pictures: its last two
     * steps the same way at a similar pace, keeping its size, far from where it began (for its size), and
     * mostly in one direction (its way from there at least 70% of the path it took), as someone walking
     * does; swaying leaves, water and snow go to and fro or jump about.
     */
    private boolean walksSteadily(int c, int minFrames) {
        Regions now = current;
        float moved = moved(c);
        float needed = Math.max(STEADY_DISTANCE, 0.5f * (float) Math.sqrt(now.areas[c]));
        return now.counted[c] >= Math.max(3, minFrames) && now.steady[c] && moved >= needed
                && moved >= STEADY_PATH * now.path[c];
    }

    /**
     * Whether candidate c's track is something new moving through, after two counted pictures: its
     * regions unlike the background around them (strange: leaves that sway, even in a gust, show what
     * the leaves a little further on show on average, someone walking through them does not), and it
     * moved on from where it was first seen, mostly in one direction. Its size may vary more than a
     * steady walker's: where something crosses leaves, how much of it differs from them changes from
     * picture to picture. Leaves that swing further than before are strange for a moment only: the
     * cells learn the larger swing at once, while something that moves brings its strangeness along.
     */
    private boolean isNewAndMoving(int c, int minFrames) {
        Regions now = current;
        float moved = advanced(c);
        return now.counted[c] >= Math.max(2, minFrames) && now.meanStrangeness[c] >= NEW_STRANGENESS
                && moved >= NEW_DISTANCE && moved >= STEADY_PATH * now.path[c];
    }

    /** Whether region r is in calm cells and touches the edge of the picture ({@code width x height} cells). */
    private static boolean calmAtEdge(Regions regions, int r, int width, int height) {
        return regions.distrust[r] <= DISTRUSTED_REGION && (regions.boxes[r * 4] == 0
                || regions.boxes[r * 4 + 1] == 0 || regions.boxes[r * 4 + 2] == width
                || regions.boxes[r * 4 + 3] == height);
    }

    /**
     * How far candidate c's track has moved from where it began, in cells, or its front when that moved
     * further: something coming in at the edge moves its front, while its centre lags behind (it grows).
     */
    private float advanced(int c) {
        Regions now = current;
        float frontX = now.frontX[c] - now.firstFrontX[c];
        float frontY = now.frontY[c] - now.firstFrontY[c];
        return Math.max(moved(c), (float) Math.sqrt(frontX * frontX + frontY * frontY));
    }

    /** How far candidate c's track has moved from where it began, in cells. */
    private float moved(int c) {
        Regions now = current;
        float movedX = now.x[c] - now.firstX[c];
        float movedY = now.y[c] - now.firstY[c];
        return (float) Math.sqrt(movedX * movedX + movedY * movedY);
    }

    int candidateCount() {
        return current.count;
    }

    int label(int candidate) {
        return current.labels[candidate];
    }

    int area(int candidate) {
        return current.areas[candidate];
    }

    /**
     * Whether candidate c is what something that has gone left behind in the background: its cells show
     * their background, and take it.
     */
    boolean leftBehind(int candidate) {
        return current.leftBehind[candidate];
    }

    /** Whether candidate c's track counted as motion in the last picture. */
    boolean followsMotion(int candidate) {
        return current.followsMotion[candidate];
    }

    /** Candidate c's box in cells: left, top, right (exclusive), bottom (exclusive). */
    int box(int candidate, int edge) {
        return current.boxes[candidate * 4 + edge];
    }

    /** When the oldest track that counts as motion in the last picture was first seen. */
    long motionSinceNanos() {
        return motionSinceNanos;
    }

    /**
     * Bytes of the arrays: two pictures' regions (per region 9 ints, 16 floats, 3 longs and 8 booleans), and
     * the matches.
     */
    static long memoryBytes() {
        return 2L * MAX_TRACKS * (9 * 4 + 16 * 4 + 3 * 8 + 8) + 4L * MAX_TRACKS;
    }
}
