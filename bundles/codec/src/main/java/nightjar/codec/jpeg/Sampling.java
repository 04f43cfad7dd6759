package nightjar.codec.jpeg;

/** How a picture's chroma is sampled relative to its luma. */
public enum Sampling {
    /** One component: luma only. */
    GREYSCALE(1, 1),
    /** Chroma at full resolution. */
    YUV444(1, 1),
    /** Chroma at half the horizontal resolution. */
    YUV422(2, 1),
    /** Chroma at half the horizontal and half the vertical resolution. */
    YUV420(2, 2);

    private final int lumaHorizontal;
    private final int lumaVertical;

    Sampling(int lumaHorizontal, int lumaVertical) {
        this.lumaHorizontal = lumaHorizontal;
        this.lumaVertical = lumaVertical;
    }

    /** Luma samples per chroma sample across. */
    public int horizontalFactor() {
        return lumaHorizontal;
    }

    /** Luma samples per chroma sample down. */
    public int verticalFactor() {
        return lumaVertical;
    }

    /** Width of the chroma planes for a picture this wide (0 for greyscale). */
    public int chromaWidth(int width) {
        return this == GREYSCALE ? 0 : (width + lumaHorizontal - 1) / lumaHorizontal;
    }

    /** Height of the chroma planes for a picture this high (0 for greyscale). */
    public int chromaHeight(int height) {
        return this == GREYSCALE ? 0 : (height + lumaVertical - 1) / lumaVertical;
    }
}
