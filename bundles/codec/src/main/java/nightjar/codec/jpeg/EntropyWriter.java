package nightjar.codec.jpeg;

import java.io.ByteArrayOutputStream;

/** Writes a JPEG entropy-coded segment: bits most significant first, FF stuffed with 00, 1-padded. */
final class EntropyWriter {
    private final ByteArrayOutputStream out;
    private long accumulator;
    private int bits;

    EntropyWriter(ByteArrayOutputStream out) {
        this.out = out;
    }

    /** Writes the low {@code n} bits of {@code value} (n up to 32). */
    void write(int value, int n) {
        accumulator = (accumulator << n) | (value & ((1L << n) - 1));
        bits += n;
        while (bits >= 8) {
            bits -= 8;
            int b = (int) (accumulator >>> bits) & 0xff;
            out.write(b);
            if (b == 0xFF) {
                out.write(0);
            }
        }
    }

    /** Pads the last byte with 1 bits, as T.81 F.1.2.3 asks. */
    void flush() {
        if (bits > 0) {
            write(0x7F, 8 - bits);
        }
        accumulator = 0;
    }
}
