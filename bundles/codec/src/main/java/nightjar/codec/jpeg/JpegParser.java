package nightjar.codec.jpeg;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import nightjar.codec.internal.ZigZag;

/**
 * Walks a baseline JPEG (ITU T.81): reads the tables and the frame header, and decodes each scan's
 * entropy-coded data into 8x8 blocks of quantized coefficients, handed one by one to a consumer.
 *
 * <p>A parser can be used for one picture after another (not by two threads at once). Cameras send
 * the same tables with every frame: a Huffman table is kept while its definition bytes repeat, and
 * quantization tables are filled in place, so a stream of frames makes no garbage.
 */
final class JpegParser {
    /** Receives decoded blocks. The array is reused: copy what you keep. */
    interface BlockConsumer {
        /** Called once the frame header is known, before any block. */
        void frame(Frame frame) throws JpegException;

        /** The quantization table (natural order) of a component, before its first block. */
        void quantization(int component, int[] table);

        /**
         * A block of component {@code component} at block column {@code x}, row {@code y}; natural
         * order; bit i of {@code nonZero} set where coefficient i is not zero.
         */
        void block(int component, int x, int y, short[] coefficients, long nonZero);
    }

    /** What the frame header (SOF) says, and the quantization tables in force. */
    static final class Frame {
        final int width;
        final int height;
        final Sampling sampling;
        final int[] horizontal;
        final int[] vertical;
        final int[] quantizationTable;
        final int mcusAcross;
        final int mcusDown;

        Frame(int width, int height, Sampling sampling, int[] horizontal, int[] vertical, int[] quantizationTable,
                int maxH, int maxV) {
            this.width = width;
            this.height = height;
            this.sampling = sampling;
            this.horizontal = horizontal;
            this.vertical = vertical;
            this.quantizationTable = quantizationTable;
            this.mcusAcross = (width + 8 * maxH - 1) / (8 * maxH);
            this.mcusDown = (height + 8 * maxV - 1) / (8 * maxV);
        }

        int components() {
            return horizontal.length;
        }

        /** Blocks across the MCU-padded grid of a component. */
        int blocksAcross(int component) {
            return mcusAcross * horizontal[component];
        }

        int blocksDown(int component) {
            return mcusDown * vertical[component];
        }
    }

    /** The JPEG, from index 0 (its first byte) to {@link #limit}; absolute reads only. */
    private ByteBuffer data = EMPTY;
    private int limit;
    private BlockConsumer consumer = NO_CONSUMER;
    /** The coefficients luma blocks keep; the rest are left zero. */
    private Positions lumaKept = Kept.ALL.luma;
    /** The same for chroma blocks. */
    private Positions chromaKept = Kept.ALL.chroma;
    /** Whether chroma blocks are handed to the consumer at all. */
    private boolean chromaBlocks;
    private final int[][] quantization = new int[4][64];
    private final boolean[] quantizationDefined = new boolean[4];
    /** Per class (0 DC, 1 AC) and id: the definition bytes of the table last built, to reuse it. */
    private final byte[][][] huffmanDefinitions = new byte[2][4][];
    private final HuffmanTable[][] builtHuffman = new HuffmanTable[2][4];
    private final HuffmanTable[] dcTables = new HuffmanTable[4];
    private final HuffmanTable[] acTables = new HuffmanTable[4];
    /** A Huffman table's definition bytes, to compare with the last one's; reused. */
    private byte[] definition = new byte[17 + 256];
    /** The entropy reader's window on the data, reused from scan to scan. */
    private final byte[] window = new byte[EntropyReader.WINDOW_BYTES];
    /** The block being decoded, natural order, and the {@link #DISCARD} slot past its end. */
    private final short[] block = new short[DISCARD + 1];
    /** Bit i set where {@link #block} holds a non-zero coefficient i: what the next block must clear. */
    private long nonZero;
    private @Nullable Frame frame;
    private int[] componentIds = new int[0];
    private int restartInterval;
    private boolean[] decoded = new boolean[0];

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final BlockConsumer NO_CONSUMER = new BlockConsumer() {
        @Override
        public void frame(Frame frame) {
        }

        @Override
        public void quantization(int component, int[] table) {
        }

        @Override
        public void block(int component, int x, int y, short[] coefficients, long nonZero) {
        }
    };

    /** Which coefficients a parse keeps: the others are decoded past and left zero. */
    enum Kept {
        /** Every coefficient of every block. */
        ALL(-1L, -1L, true),
        /** The DC coefficient of every block. */
        DC(1L, 1L, true),
        /**
         * Luma blocks only, with their DC and their first row and column of AC coefficients (zig-zag
         * positions 1, 2, 3, 5, 6, 9, 10, 14, 15, 20, 21, 27, 28 and 35); chroma blocks are not handed on.
         */
        LUMA_FIRST_ROW_AND_COLUMN(0x8_1830_C66FL, 1L, false);

        final Positions luma;
        final Positions chroma;
        final boolean chromaBlocks;

        Kept(long luma, long chroma, boolean chromaBlocks) {
            this.luma = new Positions(luma);
            this.chroma = new Positions(chroma);
            this.chromaBlocks = chromaBlocks;
        }
    }

    /**
     * Where each zig-zag position's coefficient goes: its natural index when it is kept, else
     * {@link #DISCARD} (a slot past the block that nobody reads), so that keeping some coefficients and
     * not others takes no branch per coefficient (a data-dependent branch would be mispredicted often).
     */
    static final class Positions {
        final int[] slots = new int[64];
        /** Per zig-zag position, the bit it sets in a block's non-zero set: 0 when it is not kept. */
        final long[] nonZeroBits = new long[64];
        /** One past the last zig-zag position kept: the coefficients from there on are only decoded past. */
        final int keptUntil;

        Positions(long kept) {
            for (int k = 0; k < 64; k++) {
                boolean keep = (kept >>> k & 1) != 0;
                slots[k] = keep ? ZigZag.natural(k) : DISCARD;
                nonZeroBits[k] = keep ? 1L << ZigZag.natural(k) : 0;
            }
            keptUntil = 64 - Long.numberOfLeadingZeros(kept);
        }
    }

    /** The slot of {@link #block} that takes the coefficients not kept. */
    private static final int DISCARD = 64;

    /** Decodes the JPEG between the buffer's position and limit into the consumer; the buffer is not moved. */
    void parse(ByteBuffer jpeg, BlockConsumer blockConsumer, Kept kept) throws JpegException {
        data = jpeg.slice();
        limit = data.limit();
        consumer = blockConsumer;
        lumaKept = kept.luma;
        chromaKept = kept.chroma;
        chromaBlocks = kept.chromaBlocks;
        frame = null;
        componentIds = new int[0];
        restartInterval = 0;
        decoded = new boolean[0];
        Arrays.fill(quantizationDefined, false);
        Arrays.fill(dcTables, null);
        Arrays.fill(acTables, null);
        try {
            run();
        } finally {
            data = EMPTY;
            limit = 0;
            consumer = NO_CONSUMER;
        }
    }

    /** Decodes the JPEG held in the first {@code length} bytes of the array (a reused, larger buffer). */
    void parse(byte[] jpeg, int length, BlockConsumer blockConsumer, Kept kept) throws JpegException {
        if (length < 0 || length > jpeg.length) {
            throw new IllegalArgumentException("length " + length + " outside the array of " + jpeg.length);
        }
        parse(ByteBuffer.wrap(jpeg, 0, length), blockConsumer, kept);
    }

    private void run() throws JpegException {
        if (limit < 4 || u8(0) != 0xFF || u8(1) != 0xD8) {
            throw new JpegException("not a JPEG: no start-of-image marker", 0);
        }
        int offset = 2;
        while (true) {
            if (offset >= limit) {
                break;
            }
            if (u8(offset) != 0xFF) {
                throw new JpegException("marker expected", offset);
            }
            while (offset + 1 < limit && u8(offset + 1) == 0xFF) {
                offset++; // fill bytes
            }
            if (offset + 1 >= limit) {
                break;
            }
            int marker = u8(offset + 1);
            int markerOffset = offset;
            offset += 2;
            if (marker == 0xD9) {
                break;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                throw new JpegException("unexpected marker " + hex(marker) + " outside a scan", markerOffset);
            }
            int length = segmentLength(offset);
            int body = offset + 2;
            int end = offset + length;
            switch (marker) {
                case 0xC0, 0xC1 -> readFrame(body, end, markerOffset);
                case 0xC2, 0xC6, 0xCA, 0xCE -> throw new UnsupportedJpegException("progressive coding", markerOffset);
                case 0xC3, 0xC7, 0xCB, 0xCF -> throw new UnsupportedJpegException("lossless coding", markerOffset);
                case 0xC5 -> throw new UnsupportedJpegException("hierarchical coding", markerOffset);
                case 0xC9, 0xCC, 0xCD -> throw new UnsupportedJpegException("arithmetic coding", markerOffset);
                case 0xC4 -> readHuffmanTables(body, end);
                case 0xDB -> readQuantizationTables(body, end);
                case 0xDD -> readRestartInterval(body, end);
                case 0xDC -> throw new UnsupportedJpegException("DNL (height defined after the first scan)", markerOffset);
                case 0xDA -> {
                    end = readScan(body, end, markerOffset);
                }
                default -> {
                    // APPn, COM and other segments carry nothing the picture needs.
                }
            }
            offset = end;
        }
        if (frame == null) {
            throw new JpegException("no frame header (SOF)", offset);
        }
        for (int i = 0; i < decoded.length; i++) {
            if (!decoded[i]) {
                throw new JpegException("component " + i + " has no scan: data truncated", Math.min(offset, limit));
            }
        }
    }

    private int segmentLength(int offset) throws JpegException {
        if (offset + 2 > limit) {
            throw new JpegException("segment length cut off", offset);
        }
        int length = u16(offset);
        if (length < 2 || offset + length > limit) {
            throw new JpegException("segment of " + length + " bytes runs past the end of the data", offset);
        }
        return length;
    }

    private void readFrame(int at, int end, int markerOffset) throws JpegException {
        if (frame != null) {
            throw new JpegException("second frame header", markerOffset);
        }
        if (end - at < 6) {
            throw new JpegException("frame header too short", at);
        }
        int precision = u8(at);
        if (precision != 8) {
            throw new UnsupportedJpegException(precision + "-bit samples", at);
        }
        int height = u16(at + 1);
        int width = u16(at + 3);
        int count = u8(at + 5);
        if (height == 0) {
            throw new UnsupportedJpegException("DNL (height defined after the first scan)", at + 1);
        }
        if (width == 0) {
            throw new JpegException("frame width is 0", at + 3);
        }
        if (count != 1 && count != 3) {
            throw new UnsupportedJpegException(count + " components (only greyscale and YCbCr)", at + 5);
        }
        if (end - at < 6 + 3 * count) {
            throw new JpegException("frame header too short for " + count + " components", at);
        }
        int[] ids = new int[count];
        int[] horizontal = new int[count];
        int[] vertical = new int[count];
        int[] tables = new int[count];
        for (int i = 0; i < count; i++) {
            int p = at + 6 + 3 * i;
            ids[i] = u8(p);
            horizontal[i] = u8(p + 1) >> 4;
            vertical[i] = (u8(p + 1) & 0x0f);
            tables[i] = u8(p + 2);
            if (horizontal[i] < 1 || horizontal[i] > 4 || vertical[i] < 1 || vertical[i] > 4 || tables[i] > 3) {
                throw new JpegException("bad sampling factors or table of component " + i, p);
            }
        }
        Sampling sampling;
        if (count == 1) {
            sampling = Sampling.GREYSCALE;
            horizontal[0] = 1; // a lone component's MCU is one block, whatever its factors say
            vertical[0] = 1;
        } else {
            sampling = samplingOf(horizontal, vertical, at);
        }
        int maxH = Arrays.stream(horizontal).max().orElse(1);
        int maxV = Arrays.stream(vertical).max().orElse(1);
        int[] quantizationIds = tables;
        Frame candidate = new Frame(width, height, sampling, horizontal, vertical, quantizationIds, maxH, maxV);
        long blocks = 0;
        for (int i = 0; i < count; i++) {
            blocks += (long) candidate.blocksAcross(i) * candidate.blocksDown(i);
        }
        // Each coded block takes at least two bits, so honest data holds at most four blocks per byte:
        // memory is bounded by the input's size, whatever the header claims.
        if (blocks > 4L * limit + 64) {
            throw new JpegException(width + "x" + height + " is more than " + limit
                    + " bytes of JPEG can hold", at + 1);
        }
        frame = candidate;
        componentIds = ids;
        decoded = new boolean[count];
        consumer.frame(candidate);
    }

    /**
     * The sampling from the ratios of the factors, not their values: encoders write 4:2:2 as luma 2x1
     * and chroma 1x1, or (ffmpeg) as luma 2x2 and chroma 1x2.
     */
    private static Sampling samplingOf(int[] h, int[] v, int at) throws UnsupportedJpegException {
        int maxH = Math.max(h[0], Math.max(h[1], h[2]));
        int maxV = Math.max(v[0], Math.max(v[1], v[2]));
        if (h[0] != maxH || v[0] != maxV || h[1] != h[2] || v[1] != v[2] || maxH % h[1] != 0 || maxV % v[1] != 0) {
            throw new UnsupportedJpegException("component sampling " + h[0] + "x" + v[0] + ", " + h[1] + "x" + v[1]
                    + ", " + h[2] + "x" + v[2], at + 6);
        }
        int across = maxH / h[1];
        int down = maxV / v[1];
        if (across == 1 && down == 1) {
            return Sampling.YUV444;
        }
        if (across == 2 && down == 1) {
            return Sampling.YUV422;
        }
        if (across == 2 && down == 2) {
            return Sampling.YUV420;
        }
        throw new UnsupportedJpegException("chroma subsampling " + across + "x" + down, at + 6);
    }

    private void readQuantizationTables(int at, int end) throws JpegException {
        while (at < end) {
            int precision = u8(at) >> 4;
            int id = (u8(at) & 0x0f);
            int size = precision == 0 ? 64 : 128;
            if (precision > 1 || id > 3 || at + 1 + size > end) {
                throw new JpegException("bad quantization table", at);
            }
            int[] table = quantization[id];
            for (int k = 0; k < 64; k++) {
                int value = precision == 0 ? u8(at + 1 + k) : u16(at + 1 + 2 * k);
                if (value == 0) {
                    throw new JpegException("quantization table " + id + " holds a zero", at + 1 + k);
                }
                table[ZigZag.natural(k)] = value;
            }
            quantizationDefined[id] = true;
            at += 1 + size;
        }
    }

    private void readHuffmanTables(int at, int end) throws JpegException {
        while (at < end) {
            int tableClass = u8(at) >> 4;
            int id = (u8(at) & 0x0f);
            if (tableClass > 1 || id > 3 || at + 17 > end) {
                throw new JpegException("bad Huffman table header", at);
            }
            int[] counts = new int[16];
            int total = 0;
            for (int i = 0; i < 16; i++) {
                counts[i] = u8(at + 1 + i);
                total += counts[i];
            }
            if (total > 256 || at + 17 + total > end) {
                throw new JpegException("Huffman table of " + total + " symbols does not fit its segment", at);
            }
            (tableClass == 0 ? dcTables : acTables)[id] = huffmanTable(tableClass, id, at, 17 + total, counts);
            at += 17 + total;
        }
    }

    /**
     * Bytes this parser holds from frame to frame: its Huffman tables (an AC table with its skip table,
     * built at the first skipped coefficient), their definitions, the quantization tables, the window and
     * the block. 0 tables before the first frame; then fixed by the stream's tables.
     */
    long memoryBytes() {
        long bytes = window.length + 2L * block.length + definition.length + 4L * 4 * 64;
        for (int tableClass = 0; tableClass < 2; tableClass++) {
            for (int id = 0; id < 4; id++) {
                HuffmanTable table = builtHuffman[tableClass][id];
                if (table != null) {
                    bytes += table.memoryBytes(tableClass == 1) + huffmanDefinitions[tableClass][id].length;
                }
            }
        }
        return bytes;
    }

    /** The table defined by the bytes at {@code at}: the one built last time when they are the same. */
    private HuffmanTable huffmanTable(int tableClass, int id, int at, int length, int[] counts) throws JpegException {
        byte[] previous = huffmanDefinitions[tableClass][id];
        HuffmanTable built = builtHuffman[tableClass][id];
        if (built != null && previous.length == length && sameBytes(previous, at)) {
            return built;
        }
        int[] symbols = new int[length - 17];
        for (int i = 0; i < symbols.length; i++) {
            symbols[i] = u8(at + 17 + i);
        }
        HuffmanTable table = new HuffmanTable(counts, symbols, at);
        byte[] definition = new byte[length];
        data.get(at, definition);
        huffmanDefinitions[tableClass][id] = definition;
        builtHuffman[tableClass][id] = table;
        return table;
    }

    private void readRestartInterval(int at, int end) throws JpegException {
        if (end - at < 2) {
            throw new JpegException("restart interval segment too short", at);
        }
        restartInterval = u16(at);
    }

    /** Decodes one scan; returns the offset of the marker after its entropy-coded data. */
    private int readScan(int at, int end, int markerOffset) throws JpegException {
        Frame f = frame;
        if (f == null) {
            throw new JpegException("scan before the frame header", markerOffset);
        }
        int count = u8(at);
        if (count < 1 || count > f.components() || end - at != 4 + 2 * count) {
            throw new JpegException("bad scan header", at);
        }
        int[] scanComponents = new int[count];
        HuffmanTable[] dc = new HuffmanTable[count];
        HuffmanTable[] ac = new HuffmanTable[count];
        char[][] skips = new char[count][];
        for (int i = 0; i < count; i++) {
            int id = u8(at + 1 + 2 * i);
            int component = indexOf(componentIds, id);
            if (component < 0) {
                throw new JpegException("scan names unknown component " + id, at + 1 + 2 * i);
            }
            int tables = u8(at + 2 + 2 * i);
            dc[i] = huffmanTable(dcTables, tables >> 4, true, markerOffset);
            ac[i] = huffmanTable(acTables, tables & 0x0f, false, markerOffset);
            int[] q = quantization[f.quantizationTable[component]];
            if (!quantizationDefined[f.quantizationTable[component]]) {
                throw new JpegException("quantization table " + f.quantizationTable[component] + " is not defined",
                        markerOffset);
            }
            scanComponents[i] = component;
            // Coefficients past the last one kept are only decoded past, through the skip table.
            skips[i] = (component == 0 ? lumaKept : chromaKept).keptUntil < 64 ? ac[i].skipTable() : null;
            consumer.quantization(component, q);
        }
        int p = at + 1 + 2 * count;
        int ss = u8(p);
        int se = u8(p + 1);
        int approximation = u8(p + 2);
        if (ss != 0 || se != 63 || approximation != 0) {
            throw new UnsupportedJpegException("spectral selection or successive approximation", p);
        }
        EntropyReader bits = new EntropyReader(data, end, limit, window);
        int[] predictors = new int[count];
        int mcus;
        int across;
        if (count == 1) {
            int c = scanComponents[0];
            int sampleWidth = (f.width * f.horizontal[c] + maxOf(f.horizontal) - 1) / maxOf(f.horizontal);
            int sampleHeight = (f.height * f.vertical[c] + maxOf(f.vertical) - 1) / maxOf(f.vertical);
            across = (sampleWidth + 7) / 8;
            mcus = across * ((sampleHeight + 7) / 8);
        } else {
            across = f.mcusAcross;
            mcus = f.mcusAcross * f.mcusDown;
        }
        int restartNumber = 0;
        for (int mcu = 0; mcu < mcus; mcu++) {
            if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0) {
                checkNotOverran(bits);
                if (!bits.restart(0xD0 + (restartNumber & 7))) {
                    throw new JpegException("restart marker RST" + (restartNumber & 7) + " expected", bits.position());
                }
                restartNumber++;
                Arrays.fill(predictors, 0);
            }
            int mcuX = mcu % across;
            int mcuY = mcu / across;
            for (int i = 0; i < count; i++) {
                int c = scanComponents[i];
                int h = count == 1 ? 1 : f.horizontal[c];
                int v = count == 1 ? 1 : f.vertical[c];
                for (int by = 0; by < v; by++) {
                    for (int bx = 0; bx < h; bx++) {
                        predictors[i] = decodeBlock(bits, dc[i], ac[i], skips[i], predictors[i],
                                c == 0 ? lumaKept : chromaKept);
                        if (c == 0 || chromaBlocks) {
                            consumer.block(c, mcuX * h + bx, mcuY * v + by, block, nonZero);
                        }
                    }
                }
            }
        }
        checkNotOverran(bits);
        for (int c : scanComponents) {
            decoded[c] = true;
        }
        return bits.endOfSegment();
    }

    private void checkNotOverran(EntropyReader bits) throws JpegException {
        if (bits.overran()) {
            throw new JpegException("entropy-coded data ends early (truncated or corrupt)", bits.position());
        }
    }

    /**
     * Decodes one block, keeping the DC and the AC coefficients that {@code kept} says. With a skip
     * table, the coefficients from {@code kept.keptUntil} on are decoded past through it, several at a
     * time, without their values.
     */
    private int decodeBlock(EntropyReader bits, HuffmanTable dc, HuffmanTable ac, char @Nullable [] skip,
            int predictor, Positions kept) throws JpegException {
        int[] slots = kept.slots;
        long[] nonZeroBits = kept.nonZeroBits;
        int keptUntil = kept.keptUntil;
        for (long set = nonZero; set != 0; set &= set - 1) {
            block[Long.numberOfTrailingZeros(set)] = 0;
        }
        nonZero = 0;
        int category = dc.decode(bits);
        if (category > 11) {
            throw new JpegException("DC difference category " + category + " out of range", bits.position());
        }
        int value = predictor + (category == 0 ? 0 : extend(bits.read(category), category));
        if (value < -2048 || value > 2047) {
            throw new JpegException("DC coefficient " + value + " out of range", bits.position());
        }
        block[0] = (short) value;
        nonZero = value != 0 ? 1L : 0L;
        int valuesUntil = skip == null ? 64 : keptUntil;
        int k = 1;
        while (k < valuesUntil) {
            int fast = ac.peekCombined(bits);
            if (fast != 0) {
                bits.skip(fast & 0xff);
                k += (fast >> 8) & 0xff;
                if (k > 63) {
                    throw new JpegException("AC coefficients run past the end of the block", bits.position());
                }
                if (k < keptUntil) {
                    block[slots[k]] = (short) (fast >> 16);
                    nonZero |= nonZeroBits[k];
                }
                k++;
                continue;
            }
            int runSize = ac.decode(bits);
            int run = runSize >> 4;
            int size = runSize & 0x0f;
            if (size == 0) {
                if (run != 15) {
                    k = 64; // end of block
                    break;
                }
                k += 16;
                continue;
            }
            k += run;
            if (k > 63) {
                throw new JpegException("AC coefficients run past the end of the block", bits.position());
            }
            if (k < keptUntil) {
                block[slots[k]] = (short) extend(bits.read(size), size);
                nonZero |= nonZeroBits[k];
            } else {
                bits.read(size);
            }
            k++;
        }
        if (skip != null && k < 64) {
            skipPast(bits, ac, skip, k);
        }
        if (bits.overran()) {
            throw new JpegException("entropy-coded data ends early (truncated or corrupt)", bits.position());
        }
        return value;
    }

    /**
     * Decodes past a block's AC coefficients from zig-zag position {@code k} to its end, consuming
     * exactly the bits that decoding them one by one would, with the same errors: whole entries of the
     * skip table where they fit in the block, one symbol at a time where not (a long code or value, or
     * too near the block's end for the entry).
     */
    private static void skipPast(EntropyReader bits, HuffmanTable ac, char[] skip, int k) throws JpegException {
        while (k < 64) {
            int entry = skip[bits.peek(HuffmanTable.SKIP_BITS)];
            int needed = (entry >> HuffmanTable.SKIP_NEEDED_SHIFT) & 0x7f;
            if (k + needed <= 64) {
                bits.skip(entry & HuffmanTable.SKIP_CONSUMED);
                if ((entry & HuffmanTable.SKIP_END_OF_BLOCK) != 0) {
                    return;
                }
                k += needed;
                continue;
            }
            int fast = ac.peekCombined(bits);
            if (fast != 0) {
                bits.skip(fast & 0xff);
                k += (fast >> 8) & 0xff;
                if (k > 63) {
                    throw new JpegException("AC coefficients run past the end of the block", bits.position());
                }
                k++;
                continue;
            }
            int runSize = ac.decode(bits);
            int run = runSize >> 4;
            int size = runSize & 0x0f;
            if (size == 0) {
                if (run != 15) {
                    return; // end of block
                }
                k += 16;
                continue;
            }
            k += run;
            if (k > 63) {
                throw new JpegException("AC coefficients run past the end of the block", bits.position());
            }
            bits.read(size);
            k++;
        }
    }

    private static int extend(int bits, int size) {
        return bits < (1 << (size - 1)) ? bits - (1 << size) + 1 : bits;
    }

    private HuffmanTable huffmanTable(HuffmanTable[] tables, int id, boolean dc, int offset) throws JpegException {
        if (id > 3) {
            throw new JpegException("Huffman table id " + id + " out of range", offset);
        }
        HuffmanTable table = tables[id];
        if (table == null) {
            // Motion-JPEG from UVC cameras leaves the tables out: they are those of Annex K.
            table = Tables.standardHuffman(dc, id, offset);
            tables[id] = table;
        }
        return table;
    }

    private static int indexOf(int[] values, int value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static int maxOf(int[] values) {
        return Arrays.stream(values).max().orElse(1);
    }

    /** Whether the data at {@code at} holds these bytes: copied out in one go, then compared as arrays. */
    private boolean sameBytes(byte[] bytes, int at) {
        if (definition.length < bytes.length) {
            definition = new byte[bytes.length];
        }
        data.get(at, definition, 0, bytes.length);
        return Arrays.equals(bytes, 0, bytes.length, definition, 0, bytes.length);
    }

    private int u8(int offset) {
        return data.get(offset) & 0xff;
    }

    private int u16(int offset) {
        return (u8(offset) << 8) | u8(offset + 1);
    }

    private static String hex(int marker) {
        return String.format("FF%02X", marker);
    }
}
