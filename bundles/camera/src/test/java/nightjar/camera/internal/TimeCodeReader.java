package nightjar.camera.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/**
 * Reads the {@link TimeCode} back from a decoded picture, as a player test would: the middle of each
 * square (a JPEG blurs the edges), red above green for 1 (magenta) and below for 0 (green).
 */
final class TimeCodeReader {
    private TimeCodeReader() {
    }

    /** The code in a JPEG, or an error when a square is neither clearly magenta nor clearly green. */
    static int read(byte[] jpeg) {
        try {
            BufferedImage picture = ImageIO.read(new ByteArrayInputStream(jpeg));
            if (picture == null) {
                throw new IllegalArgumentException("not a picture ImageIO reads");
            }
            return read(picture);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int read(BufferedImage picture) {
        int width = picture.getWidth();
        int height = picture.getHeight();
        int side = Math.max(4, height / 24);
        int top = height - 2 * side;
        int left = width - 17 * side;
        int value = 0;
        for (int i = 0; i < 16; i++) {
            double redOverGreen = meanRedOverGreen(picture, left + i * side + side / 4, top + side / 4, side - side / 2);
            if (Math.abs(redOverGreen) < 64) {
                throw new IllegalArgumentException("square " + i + " is neither magenta nor green (red - green = "
                        + Math.round(redOverGreen) + "), no time code");
            }
            value = value << 1 | (redOverGreen > 0 ? 1 : 0);
        }
        return value;
    }

    private static double meanRedOverGreen(BufferedImage picture, int x0, int y0, int size) {
        double sum = 0;
        for (int y = y0; y < y0 + size; y++) {
            for (int x = x0; x < x0 + size; x++) {
                int rgb = picture.getRGB(x, y);
                sum += (rgb >> 16 & 0xff) - (rgb >> 8 & 0xff);
            }
        }
        return sum / (size * size);
    }
}
