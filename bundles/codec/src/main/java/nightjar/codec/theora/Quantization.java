package nightjar.codec.theora;

import nightjar.codec.internal.BitWriter;

/**
 * Nightjar's Theora quantization parameters (spec "Setup Header", "Computing a Quantization Matrix")
 * and the mapping of DCT coefficients into them.
 *
 * <p>How they were chosen: the two base matrices are the JPEG tables of ITU T.81 Annex K (luma for
 * Y', chroma for Cb and Cr), the quantizers cameras and libjpeg start from, so a transcoded frame is
 * requantized onto a grid of the same shape it came from. The 64 qi levels scale them the way IJG's
 * libjpeg scales quality: qi 0 is quality 1, qi 63 quality 100; {@link #qualityToQi} maps a quality
 * setting onto qi. One range spans all qi, so every qi uses the same matrices. The loop filter is off
 * (all limits 0): a coded block then shows exactly its inverse DCT, which lets the encoder know what
 * the decoder shows without decoding.
 */
final class Quantization {
    /** ITU T.81 Annex K.1 and K.2, natural order. */
    private static final int[][] BASE = {
        {16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
            14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
            49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99},
        {17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99,
            47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
            99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99}};
    /** Minimum quantizers of intra blocks (spec table "Minimum Quantization Values"). */
    private static final int INTRA_DC_MINIMUM = 16;
    private static final int INTRA_AC_MINIMUM = 8;
    /** Video range: luma 16 to 235, chroma 16 to 240, from JFIF's full range. */
    private static final double LUMA_SCALE = 219.0 / 255.0;
    private static final double CHROMA_SCALE = 224.0 / 255.0;
    /** The constant luma shift of the range mapping, as an orthonormal DC offset (8 x pixels). */
    private static final double LUMA_DC_OFFSET = 8 * (16 + 128 * LUMA_SCALE - 128);

    private static final int[] SCALES = new int[64];

    static {
        for (int qi = 0; qi < 64; qi++) {
            int quality = 1 + Math.round(qi * 99f / 63f);
            SCALES[qi] = quality < 50 ? 5000 / quality : 200 - 2 * quality;
        }
    }

    private final int qi;
    /** Per plane class (0 luma, 1 chroma): the intra quantizer of each coefficient, natural order. */
    private final int[][] matrix = new int[2][64];
    /** Per plane and natural index: what multiplies an orthonormal coefficient into a Theora one. */
    private final double[][] factor = new double[3][64];

    Quantization(int qi) {
        if (qi < 0 || qi > 63) {
            throw new IllegalArgumentException("qi must be 0 to 63, was " + qi);
        }
        this.qi = qi;
        for (int c = 0; c < 2; c++) {
            for (int ci = 0; ci < 64; ci++) {
                int quantizer = Math.min(SCALES[qi] * BASE[c][ci] / 100 * 4, 4096);
                matrix[c][ci] = Math.max(ci == 0 ? INTRA_DC_MINIMUM : INTRA_AC_MINIMUM, quantizer);
            }
        }
        for (int p = 0; p < 3; p++) {
            double range = p == 0 ? LUMA_SCALE : CHROMA_SCALE;
            for (int ci = 0; ci < 64; ci++) {
                // Theora's dequantized coefficients are 4x orthonormal ones, and its rows run bottom to
                // top, which flips the sign of odd vertical frequencies.
                int sign = (ci / 8) % 2 == 0 ? 1 : -1;
                factor[p][ci] = sign * 4 * range / matrix[p == 0 ? 0 : 1][ci];
            }
        }
    }

    static int qualityToQi(int quality) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("quality must be between 1 and 100, was " + quality);
        }
        return Math.round((quality - 1) * 63f / 99f);
    }

    int qi() {
        return qi;
    }

    /** The intra quantizer of coefficient ci (natural order) in a plane. */
    int quantizer(int plane, int ci) {
        return matrix[plane == 0 ? 0 : 1][ci];
    }

    /**
     * A Theora coefficient, before rounding, from an orthonormal DCT coefficient of a full-range,
     * top-down JPEG-style block (pixel - 128): range mapping, vertical flip and scale in one step,
     * {@code orthonormal * factors(plane)[ci]}, plus {@link #lumaDcBias()} for the luma DC.
     */
    double scaled(int plane, int ci, double orthonormal) {
        double value = orthonormal * factor(plane, ci);
        return ci == 0 && plane == 0 ? value + lumaDcBias() : value;
    }

    /** What multiplies an orthonormal coefficient ci (natural order) of the plane into a Theora one. */
    double factor(int plane, int ci) {
        return factor[plane][ci];
    }

    /** The luma range mapping's constant shift, in units of the luma DC quantizer. */
    double lumaDcBias() {
        return LUMA_DC_OFFSET * 4 / matrix[0][0];
    }

    /** The quantization part of the setup header. */
    static void writeSetup(BitWriter bits) {
        // Loop filter limits: NBITS 0, so all 64 are zero and the filter is off.
        bits.write(0, 3);
        int scaleBits = 32 - Integer.numberOfLeadingZeros(max(SCALES));
        for (int pass = 0; pass < 2; pass++) { // ACSCALE, then DCSCALE: the same
            bits.write(scaleBits - 1, 4);
            for (int scale : SCALES) {
                bits.write(scale, scaleBits);
            }
        }
        bits.write(BASE.length - 1, 9);
        for (int[] base : BASE) {
            for (int value : base) {
                bits.write(value, 8);
            }
        }
        int indexBits = ilog(BASE.length - 1);
        for (int qti = 0; qti < 2; qti++) {
            for (int pli = 0; pli < 3; pli++) {
                if (qti == 0 && pli < 2) {
                    if (pli > 0) {
                        bits.write(1, 1); // NEWQR
                    }
                    int base = pli == 0 ? 0 : 1;
                    bits.write(base, indexBits);
                    bits.write(62, ilog(62)); // one range of 63 qi values
                    bits.write(base, indexBits);
                } else if (qti == 0) {
                    bits.write(0, 1); // NEWQR 0: Cr copies the Cb ranges
                } else {
                    bits.write(0, 1); // NEWQR 0
                    bits.write(1, 1); // RPQR 1: inter copies intra
                }
            }
        }
    }

    static int ilog(int value) {
        return value <= 0 ? 0 : 32 - Integer.numberOfLeadingZeros(value);
    }

    private static int max(int[] values) {
        int max = 1;
        for (int v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
