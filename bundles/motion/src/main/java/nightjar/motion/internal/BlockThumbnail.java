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
    /**
     * The largest shift, in pixels each way: a whole block, taken from the block and its neighbour. Beyond
     * it the picture would have to be read a cell further on.
     */
    static final int MAX_SHIFT = 8;
    /**
     * The line sums worked out from the coefficients: those of 1 to 4 lines. The sums of 5 to 8 follow from
     * them (the first d lines are the whole block less its last 8 - d, whose coefficients add nothing to it).
     */
    private static final int SUMS = MAX_SHIFT / 2;
    /** Per d (1 to SUMS) and frequency u (0 to 7): the sum of the first d column means a unit coefficient adds. */
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
     * for the first d rows. The last d lines mirror the first d, cos((2(7-c)+1)uπ/16) = (-1)^u
     * cos((2c+1)uπ/16): their sum is that of the even frequencies less that of the odd ones.
     */
    private final float[][] columnWeights = new float[SUMS][8];
    private final float[][] rowWeights = new float[SUMS][8];
    /** Per cell, what it brings to a shift: d times its mean plus the sum of its lines (for {@link #shifted}). */
    private float[] lineTerms = new float[0];
    /** A cell's terms for its first and its last d = 1 to MAX_SHIFT lines (for {@link #columnChanges}, {@link #rowChanges}). */
    private final float[] firstTerms = new float[MAX_SHIFT];
    private final float[] lastTerms = new float[MAX_SHIFT];
    /** A cell's sums of 1 to SUMS lines, of the even and the odd frequencies apart, in levels; index 0 stays 0. */
    private final float[] evenSums = new float[SUMS + 1];
    private final float[] oddSums = new float[SUMS + 1];

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
        for (int d = 0; d < SUMS; d++) {
            for (int k = 1; k < 8; k++) {
                columnWeights[d][k] = BASIS[d][k] * table[k];
                rowWeights[d][k] = BASIS[d][k] * table[k * 8];
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

    private static float[][] basis() {
        // A column mean is (1/(4√2)) Σ_u C(u) F(0,u) cos((2c+1)uπ/16) + 128, C(0) = 1/√2, else 1.
        float[][] basis = new float[SUMS][8];
        for (int d = 1; d <= SUMS; d++) {
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
     * Writes the picture moved by {@code cellX, cellY} whole cells and then {@code dx, dy} pixels (content at
     * x + 8 cellX + dx comes to x) into {@code out}, one value per cell: each cell takes the value of the cell
     * the whole cells bring to it, moved by the pixels. Cells at the edge the picture moves away from keep
     * their own value.
     */
    void shifted(int cellX, int cellY, int dx, int dy, float[] out) {
        shifted(dx, dy, out);
        if (cellX == 0 && cellY == 0) {
            return;
        }
        // In place, from the side the values come from: each cell is read before it is written over.
        int offset = cellY * width + cellX;
        int cells = width * height;
        for (int n = 0; n < cells; n++) {
            int cell = offset > 0 ? n : cells - 1 - n;
            int x = cell % width + cellX;
            int y = cell / width + cellY;
            if (x >= 0 && x < width && y >= 0 && y < height) {
                out[cell] = out[cell + offset];
            }
        }
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
            for (int cell = 0; cell < cells; cell++) {
                lineSums(cell, firstRow, rowMasks, columnWeights, sumFor(d));
                lineTerms[cell] = lineTerm(luma[cell] & 0xff, d, dx > 0);
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
            for (int cell = 0; cell < cells; cell++) {
                lineSums(cell, firstColumn, columnMasks, rowWeights, sumFor(d));
                lineTerms[cell] = lineTerm(luma[cell] & 0xff, d, dy > 0);
            }
            int step = dy > 0 ? width : -width;
            for (int y = dy > 0 ? 0 : 1; y < (dy > 0 ? height - 1 : height); y++) {
                for (int x = 0; x < width; x++) {
                    int cell = y * width + x;
                    out[cell] += (lineTerms[cell + step] - lineTerms[cell]) / 8;
                }
            }
        }
        if (dx != 0 && dy != 0) {
            float area = Math.abs(dx * dy);
            for (int y = dy > 0 ? 0 : 1; y < (dy > 0 ? height - 1 : height); y++) {
                for (int x = dx > 0 ? 0 : 1; x < (dx > 0 ? width - 1 : width); x++) {
                    out[y * width + x] += area * corner(x, y, dx > 0, dy > 0);
                }
            }
        }
    }

    /**
     * What a shift both ways adds to the block at x, y per pixel squared of it, beyond what it gains across
     * and down: the corner it takes from its diagonal neighbour was counted once as the neighbour across's
     * and once as the one below's (or above's), and its own part taken away twice. From the blocks' means,
     * as if each were even: 1/64 of diagonal - across - down + own. The neighbours are those the content
     * comes from ({@code right}: the picture moves left, and so on); 0 at the edge it moves away from.
     */
    float corner(int x, int y, boolean right, boolean below) {
        int across = right ? x + 1 : x - 1;
        int down = below ? y + 1 : y - 1;
        if (across < 0 || across >= width || down < 0 || down >= height) {
            return 0;
        }
        int own = luma[y * width + x] & 0xff;
        int diagonal = luma[down * width + across] & 0xff;
        int beside = luma[y * width + across] & 0xff;
        int above = luma[down * width + x] & 0xff;
        return (diagonal - beside - above + own) / 64f;
    }

    /**
     * What the block at x, y gains in mean when content at x + dx comes to x, for every dx from
     * -{@link #MAX_SHIFT} to {@link #MAX_SHIFT}: into {@code out[offset + (dx + MAX_SHIFT) * stride]}. At
     * the edge the picture moves away from, 0.
     */
    void columnChanges(int x, int y, float[] out, int offset, int stride) {
        int cell = y * width + x;
        // Moving left, a block loses its first d columns and gains its right neighbour's; moving right, the last.
        changes(cell, x + 1 < width ? cell + 1 : -1, x > 0 ? cell - 1 : -1, firstRow, rowMasks, columnWeights, out,
                offset, stride);
    }

    /** The same down: content at y + dy comes to y. */
    void rowChanges(int x, int y, float[] out, int offset, int stride) {
        int cell = y * width + x;
        changes(cell, y + 1 < height ? cell + width : -1, y > 0 ? cell - width : -1, firstColumn, columnMasks,
                rowWeights, out, offset, stride);
    }

    /**
     * The mean the cell gains when d = 1 to MAX_SHIFT lines of its neighbour after it ({@code next}, -1: none)
     * replace its first d, into {@code out[offset + (MAX_SHIFT + d) * stride]}, and when the last d lines of
     * the one before it ({@code before}) replace its last d, into {@code out[offset + (MAX_SHIFT - d) * stride]}.
     */
    private void changes(int cell, int next, int before, short[] coefficients, byte[] masks, float[][] weights,
            float[] out, int offset, int stride) {
        int middle = offset + MAX_SHIFT * stride;
        out[middle] = 0;
        lineSums(cell, coefficients, masks, weights, 0);
        int mean = luma[cell] & 0xff;
        for (int d = 1; d <= MAX_SHIFT; d++) {
            firstTerms[d - 1] = lineTerm(mean, d, true);
            lastTerms[d - 1] = lineTerm(mean, d, false);
        }
        if (next >= 0) {
            lineSums(next, coefficients, masks, weights, 0);
            int nextMean = luma[next] & 0xff;
            for (int d = 1; d <= MAX_SHIFT; d++) {
                out[middle + d * stride] = (lineTerm(nextMean, d, true) - firstTerms[d - 1]) / 8;
            }
        } else {
            for (int d = 1; d <= MAX_SHIFT; d++) {
                out[middle + d * stride] = 0;
            }
        }
        if (before >= 0) {
            lineSums(before, coefficients, masks, weights, 0);
            int beforeMean = luma[before] & 0xff;
            for (int d = 1; d <= MAX_SHIFT; d++) {
                out[middle - d * stride] = (lineTerm(beforeMean, d, false) - lastTerms[d - 1]) / 8;
            }
        } else {
            for (int d = 1; d <= MAX_SHIFT; d++) {
                out[middle - d * stride] = 0;
            }
        }
    }

    /**
     * Reads the cell's coefficients once for what they add to the means of its first 1 to {@link #SUMS}
     * lines, the even frequencies' part and the odd ones' apart (into {@link #evenSums}, {@link #oddSums});
     * or, when {@code only} is 1 to SUMS, for that many lines alone (a whole picture's shift needs one); -1:
     * for none.
     */
    private void lineSums(int cell, short[] coefficients, byte[] masks, float[][] weights, int only) {
        if (only < 0) {
            return;
        }
        int from = only == 0 ? 1 : only;
        int to = only == 0 ? SUMS : only;
        for (int m = from; m <= to; m++) {
            evenSums[m] = 0;
            oddSums[m] = 0;
        }
        int base = cell * 7 - 1;
        for (int bits = masks[cell]; bits != 0; bits &= bits - 1) {
            int k = Integer.numberOfTrailingZeros(bits) + 1;
            float value = coefficients[base + k];
            float[] sums = (k & 1) == 0 ? evenSums : oddSums;
            for (int m = from; m <= to; m++) {
                sums[m] += value * weights[m - 1][k];
            }
        }
    }

    /** The line sum that a shift by d lines is worked out from ({@link #lineTerm}); -1 for none (a whole block). */
    private static int sumFor(int d) {
        return d <= SUMS ? d : d < MAX_SHIFT ? MAX_SHIFT - d : -1;
    }

    /**
     * What a cell of this mean brings to a shift by d = 1 to MAX_SHIFT lines, its first or its last, from
     * its {@link #lineSums}: d times its mean plus the sum of those lines' means less d times the mean. The
     * first d lines add even + odd, the last d even - odd; beyond SUMS, the whole block (which the
     * coefficients add nothing to) less its other 8 - d lines.
     */
    private float lineTerm(int mean, int d, boolean first) {
        float sign = first ? 1 : -1;
        float added = d <= SUMS ? evenSums[d] + sign * oddSums[d]
                : -evenSums[MAX_SHIFT - d] + sign * oddSums[MAX_SHIFT - d];
        return d * mean + added;
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
