package nightjar.camera.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;

/**
 * The capture time drawn into a synthetic frame, so that a test can read back which second a
 * recorded or played picture was captured in.
 *
 * <p>The code is the capture time in epoch seconds modulo 65536, 16 bits, most significant first,
 * drawn as a row of 16 squares of side {@code s = max(4, height / 24)} pixels from
 * {@code y = height - 2s} to {@code height - s}, square {@code i} from {@code x = width - 17s + i * s}:
 * magenta (255, 40, 255) for 1, green (0, 220, 0) for 0, without antialiasing; a reader takes a
 * square whose red is above its green for a 1. Readers (the browser playback test among them) rely on
 * exactly this layout.
 *
 * <p>The two colours have the same luma (129), because the motion detector looks at luma only: a
 * black-and-white code ticking every second is a small change that persists, and kept the detector in
 * motion for good, so the demo's motion never ended.
 */
final class TimeCode {
    static final int BITS = 16;
    static final Color ONE = new Color(255, 40, 255);
    static final Color ZERO = new Color(0, 220, 0);

    private TimeCode() {
    }

    /** The side of one square in a picture {@code height} pixels high. */
    static int squareSide(int height) {
        return Math.max(4, height / 24);
    }

    /** The value the code of a frame captured at {@code epochSecond} holds. */
    static int value(long epochSecond) {
        return (int) Math.floorMod(epochSecond, 1L << BITS);
    }

    /** Draws the code of {@code epochSecond} into a {@code width x height} picture. */
    static void draw(Graphics2D g, int width, int height, long epochSecond) {
        int side = squareSide(height);
        int value = value(epochSecond);
        int left = width - 17 * side;
        int top = height - 2 * side;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        for (int i = 0; i < BITS; i++) {
            boolean one = (value >> (BITS - 1 - i) & 1) != 0;
            g.setColor(one ? ONE : ZERO);
            g.fillRect(left + i * side, top, side, side);
        }
    }
}
