package nightjar.motion.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import nightjar.codec.jpeg.JpegEncoder;
import nightjar.codec.jpeg.JpegException;
import nightjar.codec.jpeg.Sampling;
import nightjar.codec.jpeg.YCbCrImage;

/** A camera that moves by up to two blocks: the shift is measured from the blocks' coefficients and undone. */
class ShiftTest {
    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;
    private static final int MARGIN = 16;

    @Test
    void aWholePictureMovedByAFewPixelsIsMeasuredAndIsNotMotion() throws JpegException {
        byte[] world = world();
        CameraDetector detector = settledOn(world);
        long nanos = SETTLED_NANOS;
        int[][] moves = {{3, -2}, {-4, 0}, {0, 3}, {-2, -3}, {1, 1}, {6, -5}, {-8, 2}, {7, 7}, {-5, -8}, {12, -3}, {-14, 9}, {10, 10}, {-16, 5}, {4, 15}, {12, -11}, {-11, -12}};
        for (int[] move : moves) {
            byte[] moved = view(world, move[0], move[1]);
            detector.analyse(moved, moved.length, nanos);
            nanos += 200_000_000L;
            MotionModel model = detector.model();
            // The camera looked further right: what was at x + dx is at x now, and is taken from there.
            assertEquals(-move[0], model.shiftX(), Arrays.toString(move));
            assertEquals(-move[1], model.shiftY(), Arrays.toString(move));
            assertEquals(MotionModel.Verdict.STILL, model.verdict(), Arrays.toString(move));
        }
    }

    @Test
    void aCameraThatShookIsSearchedForAWhileEvenWhereItsPictureDiffersLittle() throws JpegException {
        byte[] world = world();
        CameraDetector detector = settledOn(world);
        long nanos = SETTLED_NANOS;
        // A pixel's shift alone differs too little from the background to be searched for.
        byte[] nudged = view(world, 1, 0);
        detector.analyse(nudged, nudged.length, nanos);
        nanos += 200_000_000L;
        assertFalse(detector.model().searchedShift());
        assertEquals(0, detector.model().shiftX());
        // Once the camera has shaken, it is: the next few seconds' small shakes are undone too.
        byte[] shaken = view(world, -3, 2);
        detector.analyse(shaken, shaken.length, nanos);
        nanos += 200_000_000L;
        assertEquals(3, detector.model().shiftX());
        for (int frame = 0; frame < 25; frame++, nanos += 200_000_000L) {
            byte[] picture = view(world, frame % 2, 0);
            detector.analyse(picture, picture.length, nanos);
            assertTrue(detector.model().searchedShift(), "picture " + frame);
            assertEquals(-(frame % 2), detector.model().shiftX(), "picture " + frame);
            assertEquals(MotionModel.Verdict.STILL, detector.model().verdict(), "picture " + frame);
        }
        // Until it has been still for a while.
        for (int frame = 0; frame < 60; frame++, nanos += 200_000_000L) {
            byte[] still = view(world, 0, 0);
            detector.analyse(still, still.length, nanos);
        }
        detector.analyse(nudged, nudged.length, nanos);
        assertFalse(detector.model().searchedShift());
    }

    /**
     * A camera that keeps shaking by up to 7 pixels either way, in a yard of sharp edges, for 12 s: every
     * shake is undone, the edges flicker by what the undoing leaves (a pixel or so) and are learnt neither
     * as changed nor as restless; someone walking past them while it still shakes is motion from the
     * second picture they are in.
     */
    @Test
    void aCameraThatKeepsShakingLearnsNoEdgeAsRestlessAndSeesSomeoneWalkPast() throws JpegException {
        byte[] world = world();
        CameraDetector detector = settledOn(world);
        long nanos = SETTLED_NANOS;
        Random shakes = new Random(5);
        for (int frame = 0; frame < 60; frame++, nanos += 200_000_000L) {
            int dx = shakes.nextInt(-SHAKE, SHAKE + 1);
            int dy = shakes.nextInt(-SHAKE, SHAKE + 1);
            byte[] shaken = view(world, dx, dy);
            detector.analyse(shaken, shaken.length, nanos);
            MotionModel model = detector.model();
            String picture = "picture " + frame + " moved " + dx + "," + dy;
            assertEquals(MotionModel.Verdict.STILL, model.verdict(), picture);
            assertEquals(dx == 0 && dy == 0 ? 0 : -dx, model.shiftX(), picture);
            assertEquals(dx == 0 && dy == 0 ? 0 : -dy, model.shiftY(), picture);
        }
        int restless = 0;
        for (float activity : detector.model().activity()) {
            restless += activity > 0.3f ? 1 : 0;
        }
        int cells = detector.model().activity().length;
        // Edges learnt as restless where the undoing left them flickering: 25 of the 1,200 cells before the
        // flicker was allowed for, none after; none of the yard moves.
        assertTrue(restless < cells / 100, restless + " of " + cells + " cells restless");
        int seen = -1;
        for (int frame = 0; frame < 10 && seen < 0; frame++, nanos += 200_000_000L) {
            byte[] withSomeone = withFigure(world, 20 + 12 * frame, 90);
            byte[] shaken = view(withSomeone, shakes.nextInt(-SHAKE, SHAKE + 1), shakes.nextInt(-SHAKE, SHAKE + 1));
            detector.analyse(shaken, shaken.length, nanos);
            seen = detector.motion() ? frame : -1;
        }
        assertEquals(1, seen, "the picture someone walking past is motion from");
    }

    /** How far the camera of the shaking test moves either way, in pixels. */
    private static final int SHAKE = 7;

    /** The world with a dark figure of 20x50 pixels at x, y of the picture. */
    private static byte[] withFigure(byte[] world, int x, int y) {
        byte[] copy = world.clone();
        int width = WIDTH + 2 * MARGIN;
        for (int row = y; row < y + 50; row++) {
            Arrays.fill(copy, (row + MARGIN) * width + x + MARGIN, (row + MARGIN) * width + x + MARGIN + 20, (byte) 25);
        }
        return copy;
    }

    /** When {@link #settledOn} is done: 20 pictures, 0.2 s apart. */
    private static final long SETTLED_NANOS = 20 * 200_000_000L;

    /** A detector that has learnt the still view of the world for 4 s. */
    private static CameraDetector settledOn(byte[] world) throws JpegException {
        CameraDetector detector = new CameraDetector(MotionSettings.of(ConfigFile.of(Map.of(), MotionConfig.class)));
        byte[] still = view(world, 0, 0);
        for (long nanos = 0; nanos < SETTLED_NANOS; nanos += 200_000_000L) {
            detector.analyse(still, still.length, nanos);
        }
        return detector;
    }

    /**
     * A yard with sharp edges: posts, paving slabs, fine texture; placed at random, not repeating (a picture
     * of evenly spaced posts looks the same moved by their spacing, and shifts beyond a block alias).
     */
    private static byte[] world() {
        Random random = new Random(9);
        int width = WIDTH + 2 * MARGIN;
        int height = HEIGHT + 2 * MARGIN;
        float[] values = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                values[y * width + x] = (float) (70 + 80.0 * x / width + 40.0 * y / height + random.nextGaussian() * 5);
            }
        }
        for (int slab = 0; slab < 60; slab++) {
            int left = random.nextInt(width - 30);
            int top = random.nextInt(height - 20);
            int slabWidth = 8 + random.nextInt(22);
            int slabHeight = 6 + random.nextInt(14);
            float tone = random.nextBoolean() ? 45 : -35;
            for (int y = top; y < top + slabHeight; y++) {
                for (int x = left; x < left + slabWidth; x++) {
                    values[y * width + x] += tone;
                }
            }
        }
        for (int post = 0; post < 14; post++) {
            int left = random.nextInt(width - 4);
            int postWidth = 2 + random.nextInt(3);
            for (int y = 60; y < 110; y++) {
                for (int x = left; x < left + postWidth; x++) {
                    values[y * width + x] -= 50;
                }
            }
        }
        byte[] world = new byte[width * height];
        for (int i = 0; i < world.length; i++) {
            world[i] = (byte) Math.max(0, Math.min(255, (int) values[i]));
        }
        return world;
    }

    /** The camera's picture, looking dx pixels further right and dy further down than at first. */
    private static byte[] view(byte[] world, int dx, int dy) {
        YCbCrImage image = YCbCrImage.allocate(WIDTH, HEIGHT, Sampling.YUV420);
        Arrays.fill(image.cb(), (byte) 128);
        Arrays.fill(image.cr(), (byte) 128);
        int width = WIDTH + 2 * MARGIN;
        for (int y = 0; y < HEIGHT; y++) {
            System.arraycopy(world, (y + MARGIN + dy) * width + MARGIN + dx, image.y(), y * WIDTH, WIDTH);
        }
        return new JpegEncoder(80).encode(image);
    }
}
