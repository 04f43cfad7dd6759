package nightjar.motion.internal;

import java.util.Random;

/**
 * The still background of the test clips, one place for {@link Scene} and {@link OutdoorScene}: a yard
 * lit more to the right and to the bottom, a darker path, a pattern of lighter paving stones and a fine
 * grain. Each scene keeps its own proportions (the constants below), so its pictures, and what the tests
 * measured on them, stay as they were.
 *
 * @param base       brightness at the top left
 * @param across     brightness gained from the left edge to the right
 * @param down       brightness gained from the top to the bottom
 * @param pathLeft   the path's left edge (exclusive), in pixels
 * @param pathRight  its right edge (exclusive)
 * @param pathTop    its top edge (exclusive); it runs to the bottom
 * @param pathShade  how much darker the path is
 * @param tileWidth  a paving stone's width; every fifth diagonal of stones is lighter
 * @param tileHeight a paving stone's height
 * @param tileLift   how much lighter those stones are
 * @param grain      the fine texture's standard deviation (fixed, not the sensor's noise)
 */
record Yard(double base, double across, double down, int pathLeft, int pathRight, int pathTop, double pathShade,
        int tileWidth, int tileHeight, double tileLift, double grain) {

    /** {@link Scene}'s yard, 640x480: a wall and a path. */
    static final Yard SCENE = new Yard(60, 90, 40, 100, 400, 300, 35, 40, 30, 25, 8);
    /** {@link OutdoorScene}'s yard, its world of 336x256 (the picture and a margin): paving and a path. */
    static final Yard OUTDOOR = new Yard(70, 70, 40, 50, 200, 150, 30, 20, 15, 45, 6);

    /** The yard at {@code width x height} pixels, row-major; the grain is the same for the same size. */
    float[] paint(int width, int height) {
        Random texture = new Random(3);
        float[] yard = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double value = base + across * x / width + down * y / height;
                if (y > pathTop && x > pathLeft && x < pathRight) {
                    value -= pathShade;
                }
                if ((x / tileWidth + y / tileHeight) % 5 == 0) {
                    value += tileLift;
                }
                yard[y * width + x] = (float) (value + texture.nextGaussian() * grain);
            }
        }
        return yard;
    }

    /**
     * {@code count} samples of a standard normal distribution (the same for the same count): a scene draws
     * each frame's sensor noise from them at a random offset, far quicker than a draw per pixel.
     */
    static float[] gaussians(int count) {
        Random random = new Random(5);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
