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

    /** Annex K: the tables UVC webcams leave out of their MJPEG frames. */
    static final class Standard {
        static final int[] DC_LUMINANCE_COUNTS = {0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0};
        static final int[] DC_LUMINANCE_SYMBOLS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        static final int[] DC_CHROMINANCE_COUNTS = {0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
        static final int[] DC_CHROMINANCE_SYMBOLS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        static final int[] AC_LUMINANCE_COUNTS = {0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d};
        static final int[] AC_LUMINANCE_SYMBOLS = {
            0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
            0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0,
            0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28,
            0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
            0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
            0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
            0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
            0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5,
            0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2,
            0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
            0xf9, 0xfa};
        static final int[] AC_CHROMINANCE_COUNTS = {0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77};
        static final int[] AC_CHROMINANCE_SYMBOLS = {
            0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71,
            0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0,
            0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26,
            0x27, 0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48,
            0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
            0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
            0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5,
            0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3,
            0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda,
            0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
            0xf9, 0xfa};

        private Standard() {
        }
    }
}
