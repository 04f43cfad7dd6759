package nightjar.codec.jpeg;

/**
 * A JPEG Huffman table (ITU T.81 Annex C) prepared for decoding: codes of up to
 * {@link #LOOKUP_BITS} bits are resolved by one table lookup, longer ones canonically.
 */
final class HuffmanTable {
    private static final int LOOKUP_BITS = 11;

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

    /**
     * @param counts number of codes of each length 1..16 (BITS)
     * @param symbols the symbols in code order (HUFFVAL)
     */
    HuffmanTable(int[] counts, int[] symbols, int offset) throws JpegException {
        this.symbols = symbols.clone();
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
}
