package nightjar.codec.jpeg;

/**
 * A picture as planes of 8-bit samples, full range (JFIF): luma {@code width x height}, each chroma
 * plane {@link Sampling#chromaWidth} x {@link Sampling#chromaHeight} (empty for greyscale).
 * The arrays belong to the caller.
 */
public record YCbCrImage(int width, int height, Sampling sampling, byte[] y, byte[] cb, byte[] cr) {
    public YCbCrImage {
        int chroma = sampling.chromaWidth(width) * sampling.chromaHeight(height);
        if (y.length != width * height || cb.length != chroma || cr.length != chroma) {
            throw new IllegalArgumentException("plane sizes do not match " + width + "x" + height + " " + sampling);
        }
    }

    /** A picture of the given size and sampling with new planes. */
    public static YCbCrImage allocate(int width, int height, Sampling sampling) {
        int chroma = sampling.chromaWidth(width) * sampling.chromaHeight(height);
        return new YCbCrImage(width, height, sampling, new byte[width * height], new byte[chroma], new byte[chroma]);
    }

    public int chromaWidth() {
        return sampling.chromaWidth(width);
    }

    public int chromaHeight() {
        return sampling.chromaHeight(height);
    }
}
