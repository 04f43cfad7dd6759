package nightjar.codec.jpeg;

import java.nio.ByteBuffer;

/**
 * Reads bits from a JPEG's entropy-coded segment: undoes byte stuffing ({@code FF 00}) and stops at
 * the next marker. Past the segment's end it supplies zero bits for look-ahead, but consuming any of
 * them means the data was cut short, which {@link #overran()} reports.
 */
final class EntropyReader {
    /** Bytes copied from the data at a time into the window. */
    static final int WINDOW_BYTES = 4096;
    private static final java.lang.invoke.VarHandle BIG_ENDIAN_LONG =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    /** Big-endian, read by absolute index only. */
    private final ByteBuffer data;
    private final int limit;
    /**
     * The stretch of the data the fast path reads 8 bytes at a time from: bulk-copied out of the buffer
     * a few KB at a time (a copy runs at memory speed; reading a read-only buffer long by long costs a
     * bounds and state check per read). Its data offsets are {@link #windowStart} to {@link #windowEnd}.
     */
    private final byte[] window;
    private int windowStart;
    private int windowEnd;
    private int position;
    private long cache;
    private int cacheBits;
    /** Zero bits appended to the cache after the segment ended. */
    private int paddingBits;
    private boolean atMarker;

    /** @param window at least {@link #WINDOW_BYTES} long; the caller's, reused from scan to scan */
    EntropyReader(ByteBuffer data, int start, int limit, byte[] window) {
        this.data = data;
        this.limit = limit;
        this.position = start;
        this.window = window;
        this.windowStart = start;
        this.windowEnd = start;
    }

    /**
     * Offset of the next byte not yet taken into the cache: the reader looks ahead by up to 8 bytes
     * (16 with stuffing), so this is where errors are reported, not where the scan ends ({@link #endOfSegment}).
     */
    int position() {
        return position;
    }

    /** The next {@code n} bits (1 to 25) without consuming them. */
    int peek(int n) {
        if (cacheBits < n) {
            fill();
        }
        return (int) (cache >>> (cacheBits - n)) & ((1 << n) - 1);
    }

    void skip(int n) {
        cacheBits -= n;
    }

    int read(int n) {
        int value = peek(n);
        cacheBits -= n;
        return value;
    }

    /** Whether bits beyond the end of the entropy-coded data were consumed. */
    boolean overran() {
        return cacheBits < paddingBits;
    }

    private void fill() {
        // Fast path: as many whole bytes as the cache has room for (1 to 7) in one read, when none of
        // them is FF (no stuffing, no marker).
        int room = (63 - cacheBits) >> 3;
        if (!atMarker && room > 0 && position + 8 > windowEnd && windowEnd < limit) {
            int length = Math.min(WINDOW_BYTES, limit - position);
            data.get(position, window, 0, length);
            windowStart = position;
            windowEnd = position + length;
        }
        if (!atMarker && room > 0 && position + 8 <= windowEnd) {
            int bits = 8 * room;
            long taken = (long) BIG_ENDIAN_LONG.get(window, position - windowStart) >>> (64 - bits);
            long inverted = ~taken;
            long mask = (1L << bits) - 1;
            // A byte of taken is FF exactly when that byte of inverted is zero: the has-zero-byte test.
            if (((inverted - (0x0101010101010101L & mask)) & ~inverted & (0x8080808080808080L & mask)) == 0) {
                cache = (cache << bits) | taken;
                cacheBits += bits;
                position += room;
                return;
            }
        }
        while (cacheBits <= 56) {
            int next = nextByte();
            cache = (cache << 8) | next;
            cacheBits += 8;
        }
    }

    private int nextByte() {
        if (atMarker || position >= limit) {
            atMarker = true;
            paddingBits += 8;
            return 0;
        }
        int b = data.get(position) & 0xff;
        if (b != 0xFF) {
            position++;
            return b;
        }
        if (position + 1 < limit && data.get(position + 1) == 0) {
            position += 2;
            return 0xFF;
        }
        // A marker: the entropy-coded segment ends here; position stays on the marker.
        atMarker = true;
        paddingBits += 8;
        return 0;
    }

    /**
     * The offset of the marker after the entropy-coded data (or of the data's end), for when the scan's
     * last block has been read: bytes between it and the marker are passed over (libjpeg does the same),
     * so that where the scan ends does not depend on how far the reader had looked ahead.
     */
    int endOfSegment() {
        int at = position;
        while (at < limit) {
            if ((data.get(at) & 0xff) != 0xFF) {
                at++;
            } else if (at + 1 < limit && data.get(at + 1) == 0) {
                at += 2;
            } else {
                return at;
            }
        }
        return limit;
    }

    /**
     * Drops the padding bits of the current byte and, if the next marker is the expected restart
     * marker, steps over it. Returns whether it was there. Prefetching never passes a marker, so at a
     * restart point everything cached is padding.
     */
    boolean restart(int expectedMarker) {
        boolean clean = cacheBits - paddingBits < 8;
        cache = 0;
        cacheBits = 0;
        paddingBits = 0;
        atMarker = false;
        if (clean && position + 1 < limit && (data.get(position) & 0xff) == 0xFF
                && (data.get(position + 1) & 0xff) == expectedMarker) {
            position += 2;
            return true;
        }
        return false;
    }
}
