package nightjar.codec.internal;

/**
 * The orthonormal 8x8 DCT-II and its inverse (ITU T.81 A.3.3), separable, in floating point: exact
 * enough to match other decoders to well above 45 dB. Arrays are row-major, 64 long.
 */
public final class Dct {
    /** BASIS[x * 8 + u] = C(u) / 2 * cos((2x + 1) u pi / 16), C(0) = 1 / sqrt(2), else 1. */
    private static final float[] BASIS = new float[64];

    static {
        for (int x = 0; x < 8; x++) {
            for (int u = 0; u < 8; u++) {
                double c = u == 0 ? Math.sqrt(0.5) : 1.0;
                BASIS[x * 8 + u] = (float) (c / 2 * Math.cos((2 * x + 1) * u * Math.PI / 16));
            }
        }
    }

    private Dct() {
    }

    /** Samples from coefficients; {@code scratch} is any 64-float array the caller reuses. */
    public static void inverse(float[] coefficients, float[] samples, float[] scratch) {
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                float sum = 0;
                for (int u = 0; u < 8; u++) {
                    sum += BASIS[x * 8 + u] * coefficients[y * 8 + u];
                }
                scratch[y * 8 + x] = sum;
            }
        }
        for (int x = 0; x < 8; x++) {
            for (int y = 0; y < 8; y++) {
                float sum = 0;
                for (int v = 0; v < 8; v++) {
                    sum += BASIS[y * 8 + v] * scratch[v * 8 + x];
                }
                samples[y * 8 + x] = sum;
            }
        }
    }

    /** Coefficients from samples; {@code scratch} is any 64-float array the caller reuses. */
    public static void forward(float[] samples, float[] coefficients, float[] scratch) {
        for (int y = 0; y < 8; y++) {
            for (int u = 0; u < 8; u++) {
                float sum = 0;
                for (int x = 0; x < 8; x++) {
                    sum += BASIS[x * 8 + u] * samples[y * 8 + x];
                }
                scratch[y * 8 + u] = sum;
            }
        }
        for (int u = 0; u < 8; u++) {
            for (int v = 0; v < 8; v++) {
                float sum = 0;
                for (int y = 0; y < 8; y++) {
                    sum += BASIS[y * 8 + v] * scratch[y * 8 + u];
                }
                coefficients[v * 8 + u] = sum;
            }
        }
    }
}
