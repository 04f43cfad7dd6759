package nightjar.codec.internal;

import java.util.Arrays;

/**
 * Writes bits most significant first into a growing byte array, the packing Theora uses. The last
 * byte is padded with zero bits. Reused from packet to packet with {@link #reset()}.
 */
public final class BitWriter {
    private byte[] bytes = new byte[4096];
    private int length;
    private long accumulator;
    private int pending;

    /** Writes the low {@code n} bits of {@code value}, n from 0 to 32. */
    public void write(long value, int n) {
        if (n == 0) {
            return;
        }
        accumulator = (accumulator << n) | (value & ((1L << n) - 1));
        pending += n;
        while (pending >= 8) {
            pending -= 8;
            put((byte) (accumulator >>> pending));
        }
    }

    public void writeBit(boolean bit) {
        write(bit ? 1 : 0, 1);
    }

    /** Bits written so far. */
    public long bitCount() {
        return (long) length * 8 + pending;
    }

    /** The bytes written, the last one zero-padded. */
    public byte[] toByteArray() {
        byte[] result = Arrays.copyOf(bytes, length + (pending > 0 ? 1 : 0));
        if (pending > 0) {
            result[length] = (byte) (accumulator << (8 - pending));
        }
        return result;
    }

    public void reset() {
        length = 0;
        accumulator = 0;
        pending = 0;
    }

    private void put(byte b) {
        if (length == bytes.length) {
            bytes = Arrays.copyOf(bytes, bytes.length * 2);
        }
        bytes[length++] = b;
    }
}
