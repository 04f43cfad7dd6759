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
}
