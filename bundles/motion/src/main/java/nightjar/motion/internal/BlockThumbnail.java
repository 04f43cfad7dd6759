package nightjar.motion.internal;

import java.util.Arrays;

import nightjar.codec.jpeg.BlockReader;
import nightjar.codec.jpeg.BlockVisitor;
import nightjar.codec.jpeg.JpegException;
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
 * measure that fraction. Arrays are kept while the picture size stays the same. Not for two threads.
 */
final class BlockThumbnail implements BlockVisitor {
    static final int MAX_SHIFT = 4;
    private static final int SCALE = 16;
    /** Coefficients 1 to 7 of the first row, in natural order. */
    private static final long FIRST_ROW = 0xFEL;
    /** Coefficients 8, 16, ..., 56: the first column without the DC. */
    private static final long FIRST_COLUMN = 0x0101010101010100L;
    /** Per d (1 to MAX_SHIFT) and frequency u (0 to 7): the sum of the first d column means a unit coefficient adds. */
    private static final float[][] BASIS = basis();

    private final BlockReader reader = new BlockReader(this);
    private int width;
    private int height;
    private byte[] luma = new byte[0];
    /**
     * Per cell and d, the sum of the first (last) d column (row) means, less d times the block's mean,
     * in 1/{@value #SCALE} levels (at most 4 x 255 either way, so a short holds it): index
     * {@code cell * MAX_SHIFT + d - 1}.
     */
    private short[] firstColumns = new short[0];
    private short[] lastColumns = new short[0];
    private short[] firstRows = new short[0];
    private short[] lastRows = new short[0];
    /** Per d, the sums of the block being read, before they are stored. */
    private final float[] sumFirstColumns = new float[MAX_SHIFT];
    private final float[] sumLastColumns = new float[MAX_SHIFT];
    private final float[] sumFirstRows = new float[MAX_SHIFT];
    private final float[] sumLastRows = new float[MAX_SHIFT];
    private int dcStep = 1;
    /** The basis scaled by this picture's quantization table: [d - 1][u] for columns, [d - 1][v] for rows. */
    private final float[][] columnWeights = new float[MAX_SHIFT][8];
    private final float[][] rowWeights = new float[MAX_SHIFT][8];

    /** Reads the JPEG in the first {@code length} bytes; on an exception the arrays are incomplete. */
    void read(byte[] jpeg, int length) throws JpegException {
        width = 0;
        height = 0;
        reader.read(jpeg, length);
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
            firstColumns = new short[cells * MAX_SHIFT];
            lastColumns = new short[cells * MAX_SHIFT];
            firstRows = new short[cells * MAX_SHIFT];
            lastRows = new short[cells * MAX_SHIFT];
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
        // The DC coefficient is 8 times the block's mean, level-shifted by 128.
        int mean = (coefficients[0] * dcStep + 4 + 1024) >> 3;
        luma[cell] = (byte) (mean < 0 ? 0 : mean > 255 ? 255 : mean);
        int base = cell * MAX_SHIFT;
        if ((nonZero & (FIRST_ROW | FIRST_COLUMN)) == 0) {
            // A flat block (most of a picture's): nothing changes within it.
            Arrays.fill(firstColumns, base, base + MAX_SHIFT, (short) 0);
            Arrays.fill(lastColumns, base, base + MAX_SHIFT, (short) 0);
            Arrays.fill(firstRows, base, base + MAX_SHIFT, (short) 0);
            Arrays.fill(lastRows, base, base + MAX_SHIFT, (short) 0);
            return;
        }
        Arrays.fill(sumFirstColumns, 0);
        Arrays.fill(sumLastColumns, 0);
        Arrays.fill(sumFirstRows, 0);
        Arrays.fill(sumLastRows, 0);
        for (long set = nonZero & FIRST_ROW; set != 0; set &= set - 1) {
            int u = Long.numberOfTrailingZeros(set);
            float value = coefficients[u];
            // The last d columns mirror the first d: cos((2(7-c)+1)uπ/16) = (-1)^u cos((2c+1)uπ/16).
            float mirror = (u & 1) == 0 ? value : -value;
            for (int d = 0; d < MAX_SHIFT; d++) {
                sumFirstColumns[d] += value * columnWeights[d][u];
                sumLastColumns[d] += mirror * columnWeights[d][u];
            }
        }
        for (long set = nonZero & FIRST_COLUMN; set != 0; set &= set - 1) {
            int index = Long.numberOfTrailingZeros(set);
            int v = index >> 3;
            float value = coefficients[index];
            float mirror = (v & 1) == 0 ? value : -value;
            for (int d = 0; d < MAX_SHIFT; d++) {
                sumFirstRows[d] += value * rowWeights[d][v];
                sumLastRows[d] += mirror * rowWeights[d][v];
            }
        }
        for (int d = 0; d < MAX_SHIFT; d++) {
            firstColumns[base + d] = stored(sumFirstColumns[d]);
            lastColumns[base + d] = stored(sumLastColumns[d]);
            firstRows[base + d] = stored(sumFirstRows[d]);
            lastRows[base + d] = stored(sumLastRows[d]);
        }
    }

    private static short stored(float sum) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(sum * SCALE)));
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
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int cell = y * width + x;
                out[cell] = (luma[cell] & 0xff) + columnChange(x, y, dx) + rowChange(x, y, dy);
            }
        }
    }

    /** What the block at x, y gains in mean when content at x + dx comes to x. */
    float columnChange(int x, int y, int dx) {
        if (dx == 0) {
            return 0;
        }
        int d = Math.abs(dx);
        int neighbour = dx > 0 ? x + 1 : x - 1;
        if (neighbour < 0 || neighbour >= width) {
            return 0;
        }
        // Moving left, a block loses its first d columns and gains its right neighbour's; moving right, the last.
        return change(y * width + x, y * width + neighbour, d, dx > 0 ? firstColumns : lastColumns);
    }

    /** What the block at x, y gains in mean when content at y + dy comes to y. */
    float rowChange(int x, int y, int dy) {
        if (dy == 0) {
            return 0;
        }
        int d = Math.abs(dy);
        int neighbour = dy > 0 ? y + 1 : y - 1;
        if (neighbour < 0 || neighbour >= height) {
            return 0;
        }
        return change(y * width + x, neighbour * width + x, d, dy > 0 ? firstRows : lastRows);
    }

    /** The mean a block gains when d lines of its neighbour replace d of its own ({@code sums}: those lines). */
    private float change(int cell, int other, int d, short[] sums) {
        float gained = d * (luma[other] & 0xff) + sums[other * MAX_SHIFT + d - 1] / (float) SCALE;
        float lost = d * (luma[cell] & 0xff) + sums[cell * MAX_SHIFT + d - 1] / (float) SCALE;
        return (gained - lost) / 8;
    }

    /** Bytes held for a picture of the current size. */
    long memoryBytes() {
        return luma.length + 2L * (firstColumns.length + lastColumns.length + firstRows.length + lastRows.length);
    }
}
