package nightjar.codec.jpeg;

/**
 * A picture at 1/8 scale: each pixel is the mean luma of one 8x8 block, taken from the block's DC
 * coefficient without any inverse DCT. The array belongs to the caller.
 *
 * @param width blocks across the picture (its width / 8, rounded up)
 * @param height blocks down the picture
 * @param pixels row-major, 0 to 255
 */
public record LumaThumbnail(int width, int height, byte[] pixels) {
    /** The mean luma of the block at column x, row y. */
    public int luma(int x, int y) {
        return pixels[y * width + x] & 0xff;
    }

    /**
     * The mean of an 8x8 block of 8-bit samples, 0 to 255 (rounded, clamped), from its quantized DC
     * coefficient and the DC entry of its quantization table: the DC value is 8 times the block's mean,
     * level-shifted by 128 (ITU T.81 A.3.3).
     */
    public static int blockMean(int dcCoefficient, int dcQuantization) {
        int mean = (dcCoefficient * dcQuantization + 4 + 1024) >> 3;
        return mean < 0 ? 0 : mean > 255 ? 255 : mean;
    }
}
