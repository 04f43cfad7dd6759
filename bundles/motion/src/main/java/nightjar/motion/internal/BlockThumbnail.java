package nightjar.motion.internal;

import java.nio.ByteBuffer;

import nightjar.codec.jpeg.BlockReader;
import nightjar.codec.jpeg.BlockVisitor;
import nightjar.codec.jpeg.JpegException;
import nightjar.codec.jpeg.LumaThumbnail;
import nightjar.codec.jpeg.Sampling;

/**
 * Reads, per 8x8 luma block of a JPEG, its mean (from the DC coefficient) and how the mean would change
 * if the picture were moved by 1 to {@link #MAX_SHIFT} pixels (from the first row and column of AC
 * coefficients), without an inverse DCT.
 *
 * <p>Averaging a block's rows cancels every coefficient but those of the first row, so the 8 coefficients
 * F(0,u) give the block's column means exactly, and F(v,0) its row means. From them: the sums of its
 * first and last d columns and rows, which is what a block gains and loses when the picture moves by d
 * pixels. A camera that shakes by 3 pixels moves an 8-pixel block by a fraction of itself; these sums
 * measure that fraction. The reader keeps each block's first row and column of coefficients, and the
 * sums are worked out only for the blocks and shifts asked for (the shift search looks at a sample of a
 * few hundred blocks). Arrays are kept while the picture size stays the same. Not for two threads.
 */
final class BlockThumbnail implements BlockVisitor {
    /** The largest shift, in pixels each way (the four sums per line kind are worked out together). */
    static final int MAX_SHIFT = 4;
    /** Sums are counted in 1/SCALE levels, rounded. */
    private static final int SCALE = 16;
    /** Per d (1 to MAX_SHIFT) and frequency u (0 to 7): the sum of the first d column means a unit coefficient adds. */
    private static final float[][] BASIS = basis();
    /** Coefficients 1 to 7 of the first row, in natural order. */
    private static final long FIRST_ROW = 0xFEL;
    /** Coefficients 8, 16, ..., 56: the first column without the DC. */
    private static final long FIRST_COLUMN = 0x0101010101010100L;

    /** Luma blocks only, and of their coefficients only the first row and column: all this reads. */
    private final BlockReader reader = BlockReader.lumaFirstRowAndColumn(this);
    private int width;
    private int height;
    private byte[] luma = new byte[0];
    /** Per cell, the quantized coefficients F(0,1) to F(0,7): index {@code cell * 7 + u - 1}. */
    private short[] firstRow = new short[0];
    /** Per cell, the quantized coefficients F(1,0) to F(7,0): index {@code cell * 7 + v - 1}. */
    private short[] firstColumn = new short[0];
    /**
     * Per cell, bit k - 1 set where its coefficient F(0,k) (F(k,0)) is not zero: most are zero, and the sums
     * are worked out from the others alone.
     */
    private byte[] rowMasks = new byte[0];
    private byte[] columnMasks = new byte[0];
    private int dcStep = 1;
    /**
     * The basis scaled by this picture's quantization table: [d - 1][u] for the first d columns, [d - 1][v]
     * for the first d rows; and for the last d, the same with the odd frequencies negated: the last d
     * columns mirror the first d, cos((2(7-c)+1)uπ/16) = (-1)^u cos((2c+1)uπ/16).
     */
    private final float[][] firstColumnWeights = new float[MAX_SHIFT][8];
    private final float[][] lastColumnWeights = new float[MAX_SHIFT][8];
    private final float[][] firstRowWeights = new float[MAX_SHIFT][8];
    private final float[][] lastRowWeights = new float[MAX_SHIFT][8];
    /** Per cell, what it brings to a shift: d times its mean plus the sum of its lines (for {@link #shifted}). */
    private float[] lineTerms = new float[0];
    /** A cell's and its neighbour's terms for d = 1 to MAX_SHIFT (for {@link #columnChanges}, {@link #rowChanges}). */
    private final float[] ownTerms = new float[MAX_SHIFT];
    private final float[] otherTerms = new float[MAX_SHIFT];

    /**
     * Reads the JPEG between the buffer's position and limit (the buffer is not moved); on an exception
     * the arrays are incomplete.
     */
    void read(ByteBuffer jpeg) throws JpegException {
        width = 0;
        height = 0;
        reader.read(jpeg);
        if (width == 0) {
            throw new JpegException("no frame header", 0);
        }
    }

    @Override
    public void start(int pictureWidth, int pictureHeight, Sampling sampling) {
        width = (pictureWidth + 7) / 8;
        height = (pictureHeight + 7) / 8;
        int cells = width * height;
        if (luma.length != cells) {
            luma = new byte[cells];
            firstRow = new short[cells * 7];
            firstColumn = new short[cells * 7];
            lineTerms = new float[cells];
            rowMasks = new byte[cells];
            columnMasks = new byte[cells];
        }
    }

    @Override
    public void quantization(int component, int[] table) {
        if (component != 0) {
            return;
        }
        dcStep = table[0];
        for (int d = 0; d < MAX_SHIFT; d++) {
            for (int k = 1; k < 8; k++) {
                firstColumnWeights[d][k] = BASIS[d][k] * table[k];
                lastColumnWeights[d][k] = (k & 1) == 0 ? firstColumnWeights[d][k] : -firstColumnWeights[d][k];
                firstRowWeights[d][k] = BASIS[d][k] * table[k * 8];
                lastRowWeights[d][k] = (k & 1) == 0 ? firstRowWeights[d][k] : -firstRowWeights[d][k];
            }
        }
    }

    @Override
    public void block(int component, int x, int y, short[] coefficients, long nonZero) {
        if (component != 0 || x >= width || y >= height) {
            return;
        }
        int cell = y * width + x;
        luma[cell] = (byte) LumaThumbnail.blockMean(coefficients[0], dcStep);
        if ((nonZero & (FIRST_ROW | FIRST_COLUMN)) == 0) {
            // A flat block (most of a picture's): nothing changes within it.
            rowMasks[cell] = 0;
            columnMasks[cell] = 0;
            return;
        }
        // The reader leaves every other coefficient zero: these are all a block's shifts need.
        int base = cell * 7 - 1;
        int rowMask = 0;
        int columnMask = 0;
        for (int k = 1; k < 8; k++) {
            short row = coefficients[k];
            short column = coefficients[k * 8];
            firstRow[base + k] = row;
            firstColumn[base + k] = column;
            rowMask |= row != 0 ? 1 << (k - 1) : 0;
            columnMask |= column != 0 ? 1 << (k - 1) : 0;
        }
        rowMasks[cell] = (byte) rowMask;
        columnMasks[cell] = (byte) columnMask;
    }

    /**
     * The sum of the block's first (or last) d column means (or row means), less d times its mean, in
     * 1/{@value #SCALE} levels, rounded (at most 4 x 255 either way, so a short holds it); {@code weights}
     * says which lines.
     */
    private static short sum(short[] coefficients, byte[] masks, float[] weights, int cell) {
        int base = cell * 7 - 1;
        float sum = 0;
        for (int bits = masks[cell]; bits != 0; bits &= bits - 1) {
            int k = Integer.numberOfTrailingZeros(bits) + 1;
            sum += coefficients[base + k] * weights[k];
        }
        return rounded(sum);
    }

    /** A sum in 1/{@value #SCALE} levels, rounded into a short. */
    private static short rounded(float sum) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(sum * SCALE)));
    }

    /** What the cell brings to a shift by d lines: d times its mean and the sum of those d lines. */
    private float lineTerm(int cell, int d, short[] coefficients, byte[] masks, float[] weights) {
        return d * (luma[cell] & 0xff) + sum(coefficients, masks, weights, cell) / (float) SCALE;
    }

    private static float[][] basis() {
        // A column mean is (1/(4√2)) Σ_u C(u) F(0,u) cos((2c+1)uπ/16) + 128, C(0) = 1/√2, else 1.
        float[][] basis = new float[MAX_SHIFT][8];
        for (int d = 1; d <= MAX_SHIFT; d++) {
            for (int u = 1; u < 8; u++) {
                double sum = 0;
                for (int c = 0; c < d; c++) {
                    sum += Math.cos((2 * c + 1) * u * Math.PI / 16);
                }
                basis[d - 1][u] = (float) (sum / (4 * Math.sqrt(2)));
            }
        }
        return basis;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** Block means, row-major, 0 to 255. */
    byte[] luma() {
        return luma;
    }

    /**
     * Writes the picture moved by {@code dx, dy} pixels (content at x + dx comes to x) into {@code out},
     * one value per cell. Cells at the edge the picture moves away from keep their own value.
     */
    void shifted(int dx, int dy, float[] out) {
        int cells = width * height;
        for (int cell = 0; cell < cells; cell++) {
            out[cell] = luma[cell] & 0xff;
        }
        if (dx != 0) {
            // Each cell's term once: it is its own and its neighbour's.
            int d = Math.abs(dx);
            float[] weights = (dx > 0 ? firstColumnWeights : lastColumnWeights)[d - 1];
            for (int cell = 0; cell < cells; cell++) {
                lineTerms[cell] = lineTerm(cell, d, firstRow, rowMasks, weights);
            }
            int step = dx > 0 ? 1 : -1;
            for (int y = 0; y < height; y++) {
                for (int x = dx > 0 ? 0 : 1; x < (dx > 0 ? width - 1 : width); x++) {
                    int cell = y * width + x;
                    out[cell] += (lineTerms[cell + step] - lineTerms[cell]) / 8;
                }
            }
        }
        if (dy != 0) {
            int d = Math.abs(dy);
            float[] weights = (dy > 0 ? firstRowWeights : lastRowWeights)[d - 1];
            for (int cell = 0; cell < cells; cell++) {
                lineTerms[cell] = lineTerm(cell, d, firstColumn, columnMasks, weights);
            }
            int step = dy > 0 ? width : -width;
            for (int y = dy > 0 ? 0 : 1; y < (dy > 0 ? height - 1 : height); y++) {
                for (int x = 0; x < width; x++) {
                    int cell = y * width + x;
                    out[cell] += (lineTerms[cell + step] - lineTerms[cell]) / 8;
                }
            }
        }
    }

    /**
     * What the block at x, y gains in mean when content at x + dx comes to x, for every dx from
     * -{@link #MAX_SHIFT} to {@link #MAX_SHIFT}: into {@code out[offset + (dx + MAX_SHIFT) * stride]}. At
     * the edge the picture moves away from, 0.
     */
    void columnChanges(int x, int y, float[] out, int offset, int stride) {
        int cell = y * width + x;
        // Moving left, a block loses its first d columns and gains its right neighbour's; moving right, the last.
        changes(cell, x + 1 < width ? cell + 1 : -1, firstRow, rowMasks, firstColumnWeights, out, offset, stride);
        changes(cell, x > 0 ? cell - 1 : -1, firstRow, rowMasks, lastColumnWeights, out, offset, -stride);
        out[offset + MAX_SHIFT * stride] = 0;
    }

    /** The same down: content at y + dy comes to y. */
    void rowChanges(int x, int y, float[] out, int offset, int stride) {
        int cell = y * width + x;
        changes(cell, y + 1 < height ? cell + width : -1, firstColumn, columnMasks, firstRowWeights, out, offset,
                stride);
        changes(cell, y > 0 ? cell - width : -1, firstColumn, columnMasks, lastRowWeights, out, offset, -stride);
        out[offset + MAX_SHIFT * stride] = 0;
    }

    /**
     * The mean the cell gains when d = 1 to MAX_SHIFT lines of its neighbour {@code other} (-1: none)
     * replace d of its own, into {@code out[offset + (MAX_SHIFT + d) * step]}.
     */
    private void changes(int cell, int other, short[] coefficients, byte[] masks, float[][] weights, float[] out,
            int offset, int step) {
        int middle = offset + MAX_SHIFT * Math.abs(step);
        if (other < 0) {
            for (int d = 1; d <= MAX_SHIFT; d++) {
                out[middle + d * step] = 0;
            }
            return;
        }
        lineTerms(cell, coefficients, masks, weights, ownTerms);
        lineTerms(other, coefficients, masks, weights, otherTerms);
        for (int d = 1; d <= MAX_SHIFT; d++) {
            out[middle + d * step] = (otherTerms[d - 1] - ownTerms[d - 1]) / 8;
        }
    }

    /**
     * What the cell brings to a shift by d = 1 to 4 lines, as {@link #lineTerm} for each, into
     * {@code terms[d - 1]}: the four sums at once, reading the coefficients once.
     */
    private void lineTerms(int cell, short[] coefficients, byte[] masks, float[][] weights, float[] terms) {
        int mean = luma[cell] & 0xff;
        int base = cell * 7 - 1;
        float[] one = weights[0];
        float[] two = weights[1];
        float[] three = weights[2];
        float[] four = weights[3];
        float sum1 = 0;
        float sum2 = 0;
        float sum3 = 0;
        float sum4 = 0;
        for (int bits = masks[cell]; bits != 0; bits &= bits - 1) {
            int k = Integer.numberOfTrailingZeros(bits) + 1;
            float value = coefficients[base + k];
            sum1 += value * one[k];
            sum2 += value * two[k];
            sum3 += value * three[k];
            sum4 += value * four[k];
        }
        terms[0] = mean + rounded(sum1) / (float) SCALE;
        terms[1] = 2 * mean + rounded(sum2) / (float) SCALE;
        terms[2] = 3 * mean + rounded(sum3) / (float) SCALE;
        terms[3] = 4 * mean + rounded(sum4) / (float) SCALE;
    }

    /** Bytes its reader's parser holds: the stream's Huffman tables and buffers, once it has read a frame. */
    long parserBytes() {
        return reader.parserBytes();
    }

    /** Bytes held once a picture of {@code cells} blocks is read: per block its mean, 14 coefficients, 2 masks and a term. */
    static long memoryBytes(long cells) {
        return cells * (1 + 2 * 7 * 2 + 2 + 4);
    }
}
