package nightjar.codec.jpeg;

import java.util.List;

/**
 * A JPEG's quantized DCT coefficients, as coded: what a DCT-domain transcoder needs.
 *
 * @param width picture width
 * @param height picture height
 * @param sampling chroma sampling
 * @param components Y, then Cb and Cr unless greyscale
 */
public record JpegCoefficients(int width, int height, Sampling sampling, List<Component> components) {
    /**
     * One component's blocks over the whole MCU grid (so including the padding blocks past the
     * picture's right and bottom edges).
     *
     * @param blocksAcross blocks per row
     * @param blocksDown block rows
     * @param coefficients 64 per block, natural (row-major) order, blocks row-major; the array
     *        belongs to the caller
     * @param quantization the quantization table, natural order: coefficient times table is the
     *        DCT value (ITU T.81 scaling)
     */
    public record Component(int blocksAcross, int blocksDown, short[] coefficients, int[] quantization) {
        /** Offset of the first coefficient of the block at column x, row y. */
        public int blockOffset(int x, int y) {
            return (y * blocksAcross + x) * 64;
        }
    }
}
