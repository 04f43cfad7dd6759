package nightjar.motion.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import nightjar.codec.jpeg.JpegEncoder;
import nightjar.codec.jpeg.JpegException;
import nightjar.codec.jpeg.Sampling;
import nightjar.codec.jpeg.YCbCrImage;

/**
 * What a block's mean gains when the picture moves by 1 to 8 pixels, from its first row and column of
 * coefficients, against the same worked out from the pixels the JPEG was made of: across and down, both
 * ways (the sums of 5 to 8 lines are derived from those of 1 to 4), and moved both ways at once.
 */
class BlockThumbnailTest {
    private static final int WIDTH = 96;
    private static final int HEIGHT = 80;

    @Test
    void aBlocksGainForEachShiftIsWhatThePixelsSay() throws JpegException {
        byte[] pixels = texture();
        BlockThumbnail blocks = new BlockThumbnail();
        blocks.read(ByteBuffer.wrap(encode(pixels)));
        int shifts = 2 * BlockThumbnail.MAX_SHIFT + 1;
        float[] across = new float[shifts];
        float[] down = new float[shifts];
        for (int y = 1; y < HEIGHT / 8 - 1; y++) {
            for (int x = 1; x < WIDTH / 8 - 1; x++) {
                blocks.columnChanges(x, y, across, 0, 1);
                blocks.rowChanges(x, y, down, 0, 1);
                double own = mean(pixels, x * 8, y * 8);
                for (int d = -BlockThumbnail.MAX_SHIFT; d <= BlockThumbnail.MAX_SHIFT; d++) {
                    String where = "block " + x + "," + y + " moved " + d;
                    assertEquals(mean(pixels, x * 8 + d, y * 8) - own, across[d + BlockThumbnail.MAX_SHIFT], 1.0,
                            where + " across");
                    assertEquals(mean(pixels, x * 8, y * 8 + d) - own, down[d + BlockThumbnail.MAX_SHIFT], 1.0,
                            where + " down");
                }
            }
        }
    }

    /**
     * Moved both ways at once, a block also takes a corner from its diagonal neighbour, worked out from the
     * four blocks' means as if each were even: exact when the corner is the whole block, and over a dozen
     * shifts less than 60% of the error of the gains across and down alone (43% here; for small shifts in
     * a detailed picture, such as 1,1 or 4,4, it can be a little worse).
     */
    @Test
    void aPictureMovedBothWaysIsNearerThePixelsWithItsCorners() throws JpegException {
        byte[] pixels = texture();
        BlockThumbnail blocks = new BlockThumbnail();
        blocks.read(ByteBuffer.wrap(encode(pixels)));
        int cellsAcross = WIDTH / 8;
        float[] moved = new float[cellsAcross * (HEIGHT / 8)];
        int shifts = 2 * BlockThumbnail.MAX_SHIFT + 1;
        float[] across = new float[shifts];
        float[] down = new float[shifts];
        int[][] moves = {{3, -2}, {5, 7}, {-6, -1}, {-2, 4}, {-8, 8}, {8, -8}, {6, 6}, {-5, 6}, {7, -4}, {4, 4}, {1, 1}, {2, -2}};
        double allWith = 0;
        double allWithout = 0;
        for (int[] move : moves) {
            blocks.shifted(move[0], move[1], moved);
            double withCorners = 0;
            double withoutCorners = 0;
            for (int y = 1; y < HEIGHT / 8 - 1; y++) {
                for (int x = 1; x < cellsAcross - 1; x++) {
                    double expected = mean(pixels, x * 8 + move[0], y * 8 + move[1]);
                    blocks.columnChanges(x, y, across, 0, 1);
                    blocks.rowChanges(x, y, down, 0, 1);
                    double separate = (blocks.luma()[y * cellsAcross + x] & 0xff)
                            + across[move[0] + BlockThumbnail.MAX_SHIFT] + down[move[1] + BlockThumbnail.MAX_SHIFT];
                    withCorners += Math.abs(expected - moved[y * cellsAcross + x]);
                    withoutCorners += Math.abs(expected - separate);
                }
            }
            String what = Arrays.toString(move) + ": error with corners " + withCorners + ", without " + withoutCorners;
            allWith += withCorners;
            allWithout += withoutCorners;
            if (Math.abs(move[0]) == BlockThumbnail.MAX_SHIFT && Math.abs(move[1]) == BlockThumbnail.MAX_SHIFT) {
                int blocksCounted = (cellsAcross - 2) * (HEIGHT / 8 - 2);
                assertTrue(withCorners / blocksCounted < 1, what);
            }
        }
        assertTrue(allWith < 0.6 * allWithout, "error with corners " + allWith + ", without " + allWithout);
    }

    /** Smooth light and dark patches, some edges: detail in every block, as a yard has. */
    private static byte[] texture() {
        Random random = new Random(11);
        byte[] pixels = new byte[WIDTH * HEIGHT];
        double[][] waves = new double[6][4];
        for (double[] wave : waves) {
            wave[0] = random.nextDouble() * 0.5;
            wave[1] = random.nextDouble() * 0.5;
            wave[2] = random.nextDouble() * 6.28;
            wave[3] = 12 + random.nextDouble() * 18;
        }
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                double value = 128;
                for (double[] wave : waves) {
                    value += wave[3] * Math.sin(wave[0] * x + wave[1] * y + wave[2]);
                }
                value += (x / 13 + y / 11) % 4 == 0 ? 25 : 0;
                pixels[y * WIDTH + x] = (byte) Math.max(0, Math.min(255, (int) Math.round(value)));
            }
        }
        return pixels;
    }

    private static byte[] encode(byte[] pixels) {
        YCbCrImage image = YCbCrImage.allocate(WIDTH, HEIGHT, Sampling.YUV420);
        System.arraycopy(pixels, 0, image.y(), 0, pixels.length);
        Arrays.fill(image.cb(), (byte) 128);
        Arrays.fill(image.cr(), (byte) 128);
        return new JpegEncoder(95).encode(image);
    }

    /** The mean of the 8x8 pixels from left, top. */
    private static double mean(byte[] pixels, int left, int top) {
        double sum = 0;
        for (int y = top; y < top + 8; y++) {
            for (int x = left; x < left + 8; x++) {
                sum += pixels[y * WIDTH + x] & 0xff;
            }
        }
        return sum / 64;
    }
}
