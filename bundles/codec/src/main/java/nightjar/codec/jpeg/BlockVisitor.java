package nightjar.codec.jpeg;

/**
 * Receives a JPEG's blocks of quantized coefficients one by one, as {@link Jpeg#visitBlocks} decodes
 * them: for transcoders that work block by block and keep no copy of the whole picture.
 */
public interface BlockVisitor {
    /** The picture's size and sampling, before anything else. */
    void start(int width, int height, Sampling sampling) throws JpegException;

    /** A component's quantization table (natural order), before its first block. */
    void quantization(int component, int[] table);

    /**
     * The block of component {@code component} (0 luma, 1 Cb, 2 Cr) at block column {@code x}, row
     * {@code y} from the top, coefficients in natural order, with bit i of {@code nonZero} set where
     * coefficient i is not zero (most are zero: a visitor can skip them). The array is reused for the
     * next block.
     */
    void block(int component, int x, int y, short[] coefficients, long nonZero);
}
