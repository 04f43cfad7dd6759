package nightjar.motion.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * Which followed regions count, picture by picture, on a 40x30-cell picture (320x240) whose minimum area
 * is 4 cells. Found on real footage (docs/motion.md, "Measured on real footage").
 */
class RegionTracksTest {
    private static final int WIDTH = 40;
    private static final int HEIGHT = 30;
    private static final int MIN_FRAMES = 2;
    private static final int MIN_AREA = 4;
    private static final float CALM = 0.1f;
    private static final float RESTLESS = 0.5f;

    private final RegionTracks tracks = new RegionTracks();
    private final int[] labelAreas = new int[WIDTH * HEIGHT + 1];
    private long nanos;
    /** The regions' cells' mean activity: calm unless a test says otherwise. */
    private float distrust = CALM;
    /** The time between analysed pictures: 0.2 s unless a test says otherwise. */
    private long step = 200_000_000L;
    /**
     * Whether the regions' cells stay as they were from picture to picture, as a lamp or a printed clock
     * does; unless a test says so, they change, as what lives does.
     */
    private boolean asTheyWere;

    /**
     * A region as the model offers it: label, box (inclusive), area, how strange its cells are, its centre,
     * whether its outline is in its background rather than in the picture.
     */
    private record Region(int label, int left, int top, int right, int bottom, int area, float strangeness, float x,
            float y, boolean revealsBackground) {
        /** Centred in its box. */
        Region(int label, int left, int top, int right, int bottom, int area, float strangeness) {
            this(label, left, top, right, bottom, area, strangeness, false);
        }

        /** Centred in its box; with its outline in its background rather than in the picture, or not. */
        Region(int label, int left, int top, int right, int bottom, int area, float strangeness, boolean revealsBackground) {
            this(label, left, top, right, bottom, area, strangeness, (left + right) / 2f, (top + bottom) / 2f,
                    revealsBackground);
        }

        Region(int label, int left, int top, int right, int bottom, int area, float strangeness, float x, float y) {
            this(label, left, top, right, bottom, area, strangeness, x, y, false);
        }
    }

    /** One analysed picture with these calm regions; returns the cells that count. */
    private int picture(Region... regions) {
        tracks.startPicture();
        Arrays.fill(labelAreas, 0);
        for (Region r : regions) {
            tracks.offer(r.label(), r.left(), r.top(), r.right(), r.bottom(), r.area(), r.x(), r.y(), distrust,
                    r.strangeness(), asTheyWere, r.revealsBackground(), WIDTH, HEIGHT);
        }
        nanos += step;
        return tracks.follow(nanos, false, MIN_FRAMES, MIN_AREA, WIDTH, HEIGHT, labelAreas);
    }

    @Test
    void aSmallPatchThatChangedInPlaceAndShowsNothingNewIsNotMotion() {
        // Leaves at the top of the picture that a gust left a little elsewhere: 4 to 6 cells, for seconds.
        for (int i = 0; i < 20; i++) {
            int bottom = i % 3 == 0 ? 3 : 2;
            assertEquals(0, picture(new Region(1, 18, 0, 19, bottom, bottom == 3 ? 6 : 4, 0)), "picture " + i);
        }
    }

    @Test
    void aSmallPatchInPlaceThatShowsSomethingNewIsMotion() {
        // Something unlike what its cells and those around them showed: a small thing that arrived.
        picture(new Region(1, 18, 10, 19, 11, 4, 1.5f));
        assertEquals(4, picture(new Region(1, 18, 10, 19, 11, 4, 1.5f)));
    }

    @Test
    void aSmallRegionThatMovesIsMotion() {
        picture(new Region(1, 10, 10, 11, 11, 4, 0));
        assertEquals(0, picture(new Region(1, 10, 10, 11, 11, 4, 0)), "it has not moved yet");
        assertEquals(4, picture(new Region(1, 11, 10, 12, 11, 4, 0)), "a cell on");
    }

    @Test
    void leavesInPlaceThatMergeWithOthersAreNotMotion() {
        // Two patches of leaves a gust left elsewhere, 8 and 4 cells, that merge into one of 12: its centre
        // moves by more than a cell, by half its size.
        picture(new Region(1, 14, 0, 17, 1, 8, 0), new Region(2, 18, 0, 19, 1, 4, 0));
        assertEquals(0, picture(new Region(1, 14, 0, 17, 1, 8, 0), new Region(2, 18, 0, 19, 1, 4, 0)));
        assertEquals(0, picture(new Region(1, 14, 0, 19, 1, 12, 0)));
        assertEquals(0, picture(new Region(1, 14, 0, 19, 1, 12, 0)));
    }

    @Test
    void aLargeRegionThatShowsSomethingNewCountsWhereItIs() {
        picture(new Region(1, 10, 10, 13, 13, 16, 1.5f));
        assertEquals(16, picture(new Region(1, 10, 10, 13, 13, 16, 1.5f)));
    }

    @Test
    void aLargeRegionInPlaceThatShowsWhatIsAroundItIsNotMotionUntilItMoves() {
        // Where something stood while the background was learnt, and has gone: a ghost of it.
        for (int i = 0; i < 10; i++) {
            assertEquals(0, picture(new Region(1, 10, 10, 13, 13, 16, 0.5f)), "picture " + i);
        }
        // Something as plain as the background around it that came there and moves on is motion.
        assertEquals(16, picture(new Region(1, 11, 10, 14, 13, 16, 0.5f)));
    }

    @Test
    void aRegionThatStaysWhereItsTrackBeganAndRevealsItsBackgroundIsLeftBehind() {
        // Something that stood there while the background was learnt moves off: at first one region with
        // the place it leaves, then that place alone (the nearer part, so it goes on in the track, which
        // moved: it counts until then), with its outline in its background: a ghost, after 3 pictures and
        // 0.4 s.
        picture(new Region(1, 10, 10, 17, 13, 32, 0));
        picture(new Region(1, 10, 10, 17, 13, 32, 0));
        for (int i = 0; i < 4; i++) {
            assertEquals(i >= 2 ? 0 : 16, picture(new Region(1, 10, 10, 13, 13, 16, 0, true)), "picture " + i);
            assertEquals(i >= 2, tracks.leftBehind(0), "picture " + i);
        }
    }

    @Test
    void someoneWhoWalkedInAndStoppedIsNotLeftBehindThoughTheirOutlineIsInTheBackground() {
        // In the yard's tone, in front of a lit window: their outline is the window's, in the background.
        for (int x = 30; x > 12; x -= 2) {
            picture(new Region(1, x, 10, x + 3, 13, 16, 0));
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(16, picture(new Region(1, 12, 10, 15, 13, 16, 0, true)), "picture " + i);
            assertFalse(tracks.leftBehind(0), "picture " + i);
        }
    }

    @Test
    void aRegionThatRevealsItsBackgroundWhileItMovesIsNotLeftBehind() {
        // Someone crossing where the background steps (the edge of a lamp's light) in its former tone, a
        // third of a cell a picture: never half a cell from where the run began for long.
        picture(new Region(1, 10, 10, 13, 13, 16, 0));
        for (int i = 0; i < 12; i++) {
            float x = 11.5f + i / 3f;
            picture(new Region(1, 10 + i / 3, 10, 13 + i / 3, 13, 16, 0, x, 11.5f, true));
            assertFalse(tracks.leftBehind(0), "picture " + i);
        }
    }

    @Test
    void aRegionThatRevealsItsBackgroundInRestlessCellsIsNotLeftBehind() {
        // Restless cells follow their picture anyway; their regions are held to the rules for leaves.
        distrust = RESTLESS;
        for (int i = 0; i < 5; i++) {
            picture(new Region(1, 10, 10, 13, 13, 16, 0, true));
            assertFalse(tracks.leftBehind(0), "picture " + i);
        }
    }

    @Test
    void aCalmRegionComingInFromTheEdgeKeepsItsTrackWhileItGrowsFast() {
        // Someone close to the camera: a strip at the right edge, then a third of the picture.
        assertEquals(0, picture(new Region(1, 34, 2, 39, 28, 100, 0.5f)));
        assertEquals(300, picture(new Region(1, 20, 2, 39, 28, 300, 0.5f)));
    }

    @Test
    void aRegionThatTrebledAwayFromTheEdgeIsSomethingElse() {
        assertEquals(0, picture(new Region(1, 10, 10, 14, 14, 20, 0.5f)));
        assertEquals(0, picture(new Region(1, 8, 8, 17, 17, 70, 0.5f)));
    }

    @Test
    void aTrackThatSplitGoesOnOnlyInItsNearestPart() {
        picture(new Region(1, 18, 10, 19, 11, 4, 0));
        picture(new Region(1, 18, 10, 19, 11, 4, 0));
        // It falls apart: the part where it was goes on (still in place, so not motion); the part 3 cells
        // away is new, and has not moved from where it was first seen.
        int cells = picture(new Region(1, 18, 10, 19, 11, 4, 0), new Region(2, 15, 10, 16, 11, 4, 0));
        assertEquals(0, cells);
        assertEquals(0, picture(new Region(1, 18, 10, 19, 11, 4, 0), new Region(2, 15, 10, 16, 11, 4, 0)));
        assertEquals(2, tracks.candidateCount());
    }

    @Test
    void somethingNewThatComesSlowlyThroughRestlessCellsIsMotionThoughItsOutlineJitters() {
        // A dark car far down a busy road (its lane restless from the cars before it): it comes nearer by
        // a fifth of a cell a picture, while where its outline falls moves its centre by up to half a cell
        // each way. Net 1.2 cells in 7 steps, 2.8 cells of steps: to and fro, as leaves go, if every step
        // counted in full.
        distrust = RESTLESS;
        float[] centres = {24.0f, 23.6f, 23.9f, 23.3f, 23.5f, 23.0f, 23.2f, 22.8f};
        int counted = 0;
        for (float x : centres) {
            counted = picture(new Region(1, 21, 6, 26, 8, 10, 1.8f, x, 7));
        }
        assertEquals(10, counted);
    }

    @Test
    void someoneWhoCountedInCalmCellsKeepsCountingAsTheyWalkIntoLeaves() {
        // Wallflower's waving trees seen a second time (docs/motion.md): someone a third of a small picture
        // comes in from calm cells, counts, and in the next picture (a fifteenth of a second later, as after
        // motion every frame is analysed) most of the cells they cover are the tree's. Held from then to the
        // rules for leaves, their track had not yet had the two pictures 0.15 s apart those ask for, so they
        // were not motion for a picture, and the tree's cells learnt them as their sway.
        countedInCalmCellsThenInLeaves();
        for (int i = 0; i < 4; i++) {
            int left = 26 - 2 * i;
            assertEquals(60, picture(new Region(1, left, 5, left + 4, 25, 60, 1.3f)), "picture " + i);
            assertTrue(tracks.followsMotion(0), "picture " + i);
        }
    }

    @Test
    void leavesThatGoOnFromSomethingThatCountedDoNotCountForIt() {
        // Where someone has just walked out of the leaves, the leaves sway on in a region that continues
        // their track: it shows nothing new, and soon counts no more.
        countedInCalmCellsThenInLeaves();
        int cells = 0;
        for (int i = 0; i < 4; i++) {
            cells = picture(new Region(1, 28, 5, 32, 25, 60, 0.1f));
        }
        assertEquals(0, cells);
        assertFalse(tracks.followsMotion(0));
    }

    /**
     * Someone a third of a small picture comes in from calm cells and counts, pictures a fifteenth of a
     * second apart (after motion every frame is analysed); from the next picture on the cells are the leaves'.
     */
    private void countedInCalmCellsThenInLeaves() {
        step = 66_666_667L;
        picture(new Region(1, 30, 5, 34, 25, 60, 1.3f));
        assertEquals(60, picture(new Region(1, 28, 5, 32, 25, 60, 1.3f)));
        distrust = RESTLESS;
    }

    @Test
    void aChangeInPlaceThatStaysAsItIsIsNotMotion() {
        // A printed clock's minute, a lamp switched on: unlike what was there, in place, the same in every
        // picture after.
        asTheyWere = true;
        for (int i = 0; i < 10; i++) {
            assertEquals(0, picture(new Region(1, 18, 10, 21, 13, 16, 1.5f)), "picture " + i);
        }
    }

    @Test
    void somethingNewInPlaceThatChangesIsMotion() {
        // The same change, alive: its cells change from picture to picture.
        picture(new Region(1, 18, 10, 21, 13, 16, 1.5f));
        assertEquals(16, picture(new Region(1, 18, 10, 21, 13, 16, 1.5f)));
    }

    @Test
    void somethingThatMovedInAndHoldsStillIsMotion() {
        // A car that drove in and parked: its track moved, then the same in every picture. Its cells were
        // motion a moment before in each, so the model never offers it as it was.
        picture(new Region(1, 10, 10, 13, 13, 16, 1.5f));
        picture(new Region(1, 12, 10, 15, 13, 16, 1.5f));
        for (int i = 0; i < 5; i++) {
            assertEquals(16, picture(new Region(1, 14, 10, 17, 13, 16, 1.5f)), "picture " + i);
        }
    }

    @Test
    void aChangeInPlaceThatLosesItsFaintestCellsIsNotMotion() {
        // A lamp's lit area, a quarter of the picture: after a while the noise level of its faintest cells
        // has risen past their change, and it loses its bottom rows, or falls in two. Its centre moves by
        // several cells, but it stays within where it was.
        asTheyWere = true;
        picture(new Region(1, 0, 0, 9, 29, 300, 2));
        assertEquals(0, picture(new Region(1, 0, 0, 9, 29, 300, 2)));
        assertEquals(0, picture(new Region(1, 0, 0, 9, 21, 220, 2)));
        assertEquals(0, picture(new Region(1, 0, 0, 9, 21, 220, 2), new Region(2, 0, 25, 9, 29, 50, 2)));
    }
}
