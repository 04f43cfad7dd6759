package nightjar.rtsp.internal;

import java.util.List;

import nightjar.codec.jpeg.JpegCoefficients;
import nightjar.codec.jpeg.Sampling;

/**
 * 4:4:4 to 4:2:0 on a JPEG's coefficients: the luma blocks stay as they are (the picture's detail, exactly
 * the camera's); each chroma block is brought to half size from its 16 lowest frequencies alone (a 4x4
 * inverse DCT, which is what averaging 2x2 samples keeps), four of them make a new block, which is
 * transformed and quantized again with Cb's table. No full decode: no 8x8 inverse transform anywhere.
 */
final class ChromaHalving {
    /** Orthonormal DCT-II bases, [frequency][sample]: JPEG's 8x8 transform is the 2-D one of size 8. */
    private static final float[][] DCT8 = basis(8);
    private static final float[][] DCT4 = basis(4);

    private ChromaHalving() {
    }

    static JpegCoefficients halved(JpegCoefficients picture) {
        if (picture.sampling() != Sampling.YUV444) {
            throw new IllegalArgumentException("not 4:4:4 but " + picture.sampling());
        }
        List<JpegCoefficients.Component> components = picture.components();
        JpegCoefficients.Component luma = components.get(0);
        int[] table = narrowed(components.get(1).quantization());
        int across = (picture.width() + 15) / 16;
        int down = (picture.height() + 15) / 16;
        return new JpegCoefficients(picture.width(), picture.height(), Sampling.YUV420,
                List.of(new JpegCoefficients.Component(luma.blocksAcross(), luma.blocksDown(), luma.coefficients(),
                        narrowed(luma.quantization())),
                        halve(components.get(1), table, across, down), halve(components.get(2), table, across, down)));
    }

    private static JpegCoefficients.Component halve(JpegCoefficients.Component source, int[] table, int across, int down) {
        short[] result = new short[across * down * 64];
        float[] samples = new float[64];
        float[] low = new float[16];
        float[] row = new float[16];
        float[] column = new float[64];
        int[] sourceTable = source.quantization();
        short[] coefficients = source.coefficients();
        for (int y = 0; y < down; y++) {
            for (int x = 0; x < across; x++) {
                for (int quadrant = 0; quadrant < 4; quadrant++) {
                    int dx = quadrant & 1;
                    int dy = quadrant >> 1;
                    // Past the grid (the picture's edge): the last block again, so the edge does not ring.
                    int blockX = Math.min(2 * x + dx, source.blocksAcross() - 1);
                    int blockY = Math.min(2 * y + dy, source.blocksDown() - 1);
                    int offset = source.blockOffset(blockX, blockY);
                    for (int v = 0; v < 4; v++) {
                        for (int u = 0; u < 4; u++) {
                            // Orthonormal 8-point coefficients over sqrt(2) per dimension are the 4-point ones
                            // of the pairwise means.
                            low[v * 4 + u] = coefficients[offset + v * 8 + u] * sourceTable[v * 8 + u] / 2f;
                        }
                    }
                    inverse4(low, row);
                    for (int j = 0; j < 4; j++) {
                        System.arraycopy(row, j * 4, samples, (dy * 4 + j) * 8 + dx * 4, 4);
                    }
                }
                forward8(samples, column);
                int at = (y * across + x) * 64;
                for (int i = 0; i < 64; i++) {
                    result[at + i] = (short) Math.round(column[i] / table[i]);
                }
            }
        }
        return new JpegCoefficients.Component(across, down, result, table);
    }

    /** 4x4 inverse DCT: samples[j*4+i] from coefficients[v*4+u]. */
    private static void inverse4(float[] coefficients, float[] samples) {
        for (int j = 0; j < 4; j++) {
            for (int i = 0; i < 4; i++) {
                float sum = 0;
                for (int v = 0; v < 4; v++) {
                    float across = 0;
                    for (int u = 0; u < 4; u++) {
                        across += DCT4[u][i] * coefficients[v * 4 + u];
                    }
                    sum += DCT4[v][j] * across;
                }
                samples[j * 4 + i] = sum;
            }
        }
    }

    /** 8x8 forward DCT, separable: rows then columns. */
    private static void forward8(float[] samples, float[] coefficients) {
        float[] rows = new float[64];
        for (int j = 0; j < 8; j++) {
            for (int u = 0; u < 8; u++) {
                float sum = 0;
                for (int i = 0; i < 8; i++) {
                    sum += DCT8[u][i] * samples[j * 8 + i];
                }
                rows[j * 8 + u] = sum;
            }
        }
        for (int v = 0; v < 8; v++) {
            for (int u = 0; u < 8; u++) {
                float sum = 0;
                for (int j = 0; j < 8; j++) {
                    sum += DCT8[v][j] * rows[j * 8 + u];
                }
                coefficients[v * 8 + u] = sum;
            }
        }
    }

    private static float[][] basis(int size) {
        float[][] basis = new float[size][size];
        for (int k = 0; k < size; k++) {
            double scale = Math.sqrt(2.0 / size) * (k == 0 ? Math.sqrt(0.5) : 1);
            for (int n = 0; n < size; n++) {
                basis[k][n] = (float) (scale * Math.cos((2 * n + 1) * k * Math.PI / (2 * size)));
            }
        }
        return basis;
    }

    private static int[] narrowed(int[] table) {
        int[] result = new int[64];
        for (int i = 0; i < 64; i++) {
            result[i] = Math.max(1, Math.min(255, table[i]));
        }
        return result;
    }
}
