package nightjar.codec.jpeg;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A JPEG Huffman table (ITU T.81 Annex C) prepared for decoding: codes of up to
 * {@link #LOOKUP_BITS} bits are resolved by one table lookup, longer ones canonically. An AC table
 * also has, built on first use, a {@linkplain #skipTable() skip table} for coefficients that are
 * only decoded past.
 */
final class HuffmanTable {
    private static final int LOOKUP_BITS = 11;
    /**
     * The look-ahead of the skip table: 2^14 entries of 2 bytes, 32 KB per AC table (13 to 16 bits read
     * detailed pictures equally fast here, so the smaller table, kinder to the caches).
     */
    static final int SKIP_BITS = 14;
    /** A skip table entry's bits consumed (1 to {@link #SKIP_BITS}; 0: no whole symbol fits). */
    static final int SKIP_CONSUMED = 0x1f;
    /** Shift of a skip table entry's positions needed: coefficients advanced past, plus one for an end of block. */
    static final int SKIP_NEEDED_SHIFT = 5;
    /** A skip table entry's flag: its last symbol ends the block. */
    static final int SKIP_END_OF_BLOCK = 1 << 12;

    /** Entry = (code length << 8) | symbol, or 0 when the code is longer than LOOKUP_BITS. */
    private final int[] lookup = new int[1 << LOOKUP_BITS];
    /**
     * For AC use: when a run/size code and its value bits fit in LOOKUP_BITS together, entry =
     * (value << 16) | (run << 8) | total bits; 0 otherwise. One lookup then decodes a coefficient.
     */
    private final int[] combined = new int[1 << LOOKUP_BITS];
    /** Largest code of each length (1-16), or -1 when none. */
    private final int[] maxCode = new int[18];
    private final int[] valueOffset = new int[17];
    private final int[] symbols;
    /** Number of codes of each length 1-16 (BITS). */
    private final int[] counts;
    /** Built on first use (a table that only ever decodes DC, or every coefficient, never needs it). */
    private volatile char @Nullable [] skip;

    /**
     * @param counts number of codes of each length 1..16 (BITS)
     * @param symbols the symbols in code order (HUFFVAL)
     */
    HuffmanTable(int[] counts, int[] symbols, int offset) throws JpegException {
        this.symbols = symbols.clone();
        this.counts = counts.clone();
        int code = 0;
        int index = 0;
        for (int length = 1; length <= 16; length++) {
            int count = counts[length - 1];
            valueOffset[length] = index - code;
            if (count > 0) {
                if (code + count > (1 << length)) {
                    throw new JpegException("Huffman table has more codes of length " + length + " than fit", offset);
                }
                for (int i = 0; i < count; i++, index++, code++) {
                    if (length <= LOOKUP_BITS) {
                        int shift = LOOKUP_BITS - length;
                        int entry = (length << 8) | symbols[index];
                        for (int fill = 0; fill < (1 << shift); fill++) {
                            lookup[(code << shift) | fill] = entry;
                        }
                        addCombined(code, length, symbols[index]);
                    }
                }
                maxCode[length] = code - 1;
            } else {
                maxCode[length] = -1;
            }
            code <<= 1;
        }
        maxCode[17] = Integer.MAX_VALUE;
    }

    private void addCombined(int code, int length, int symbol) {
        int run = symbol >> 4;
        int size = symbol & 0x0f;
        if (size == 0 || length + size > LOOKUP_BITS) {
            return;
        }
        int free = LOOKUP_BITS - length - size;
        for (int extra = 0; extra < (1 << size); extra++) {
            int value = extra < (1 << (size - 1)) ? extra - (1 << size) + 1 : extra;
            int entry = (value << 16) | (run << 8) | (length + size);
            int prefix = (((code << size) | extra) << free);
            for (int fill = 0; fill < (1 << free); fill++) {
                combined[prefix | fill] = entry;
            }
        }
    }

    /**
     * Decodes a whole AC coefficient (run, value, total bits) in one lookup when it is short enough;
     * returns 0 when {@link #decode} must be used instead. Does not consume.
     */
    int peekCombined(EntropyReader bits) {
        return combined[bits.peek(LOOKUP_BITS)];
    }

    /** Decodes one symbol. */
    int decode(EntropyReader bits) throws JpegException {
        int entry = lookup[bits.peek(LOOKUP_BITS)];
        if (entry != 0) {
            bits.skip(entry >> 8);
            return entry & 0xff;
        }
        int code = bits.read(LOOKUP_BITS);
        for (int length = LOOKUP_BITS + 1; length <= 16; length++) {
            code = (code << 1) | bits.read(1);
            if (maxCode[length] >= 0 && code <= maxCode[length]) {
                return symbols[code + valueOffset[length]];
            }
        }
        throw new JpegException("invalid Huffman code", bits.position());
    }

    /**
     * Bytes of this table's arrays; with {@code skipTable}, also its skip table (32 KB), built or not yet:
     * what it holds once it has skipped coefficients.
     */
    long memoryBytes(boolean skipTable) {
        long ints = lookup.length + combined.length + maxCode.length + valueOffset.length + symbols.length + counts.length;
        return 4 * ints + (skipTable ? 2L << SKIP_BITS : 0);
    }

    /**
     * For decoding past AC coefficients whose values nobody needs: indexed by the next
     * {@link #SKIP_BITS} bits, an entry covers as many whole symbols (code and value bits) as fit in
     * them, stopping after an end of block and before the positions passed would exceed 64:
     * <ul>
     * <li>bits consumed ({@code entry & SKIP_CONSUMED}), 0 when not even the first symbol fits (a long
     *     code, a long value, or no code at all: decode that one symbol by itself), and then the
     *     positions needed are 127, more than any block has;
     * <li>positions needed ({@code entry >> SKIP_NEEDED_SHIFT & 0x7f}): the zig-zag positions the
     *     symbols advance (a coefficient its run plus one, a ZRL 16) plus one if the last is an end of
     *     block; taking the entry at position k behaves exactly as decoding its symbols one by one
     *     when k plus this is at most 64;
     * <li>{@link #SKIP_END_OF_BLOCK} when the last symbol ends the block.
     * </ul>
     * As in {@link #decode}, a symbol of size 0 other than ZRL ends the block.
     */
    char[] skipTable() {
        char[] table = skip;
        if (table == null) {
            table = buildSkipTable();
            skip = table;
        }
        return table;
    }

    private char[] buildSkipTable() {
        int size = 1 << SKIP_BITS;
        // The first symbol of the look-ahead: (code + value bits) | positions needed << 5 | end of block,
        // keyed by its code bits alone (the value bits after it are any).
        char[] first = new char[size];
        int code = 0;
        int index = 0;
        for (int length = 1; length <= 16; length++) {
            for (int i = 0; i < counts[length - 1]; i++, index++, code++) {
                int symbol = symbols[index];
                int run = symbol >> 4;
                int valueBits = symbol & 0x0f;
                int total = length + valueBits;
                if (total > SKIP_BITS) {
                    continue;
                }
                boolean endOfBlock = valueBits == 0 && run != 15;
                int needed = endOfBlock ? 1 : valueBits == 0 ? 16 : run + 1;
                char entry = (char) (total | needed << SKIP_NEEDED_SHIFT | (endOfBlock ? SKIP_END_OF_BLOCK : 0));
                int shift = SKIP_BITS - length;
                Arrays.fill(first, code << shift, (code + 1) << shift, entry);
            }
            code <<= 1;
        }
        char[] table = new char[size];
        for (int bits = 0; bits < size; bits++) {
            int consumed = 0;
            int needed = 0;
            int endOfBlock = 0;
            while (consumed < SKIP_BITS) {
                int symbol = first[(bits << consumed) & (size - 1)];
                int length = symbol & SKIP_CONSUMED;
                int symbolNeeds = symbol >> SKIP_NEEDED_SHIFT & 0x7f;
                if (length == 0 || consumed + length > SKIP_BITS || needed + symbolNeeds > 64) {
                    break;
                }
                consumed += length;
                needed += symbolNeeds;
                if ((symbol & SKIP_END_OF_BLOCK) != 0) {
                    endOfBlock = SKIP_END_OF_BLOCK;
                    break;
                }
            }
            // No whole symbol: positions needed beyond any block, so that one comparison turns it down.
            table[bits] = consumed == 0 ? (char) (0x7f << SKIP_NEEDED_SHIFT)
                    : (char) (consumed | needed << SKIP_NEEDED_SHIFT | endOfBlock);
        }
        return table;
    }
}
