package nightjar.codec.jpeg;

import java.io.ByteArrayOutputStream;

/** The tables of ITU T.81 Annex K, as the reader and the writer use them. */
final class Tables {
    /** Annex K.1, luminance, natural order. */
    static final int[] LUMINANCE_QUANTIZATION = {
        16, 11, 10, 16, 24, 40, 51, 61,
        12, 12, 14, 19, 26, 58, 60, 55,
        14, 13, 16, 24, 40, 57, 69, 56,
        14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77,
        24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101,
        72, 92, 95, 98, 112, 100, 103, 99};
    /** Annex K.2, chrominance, natural order. */
    static final int[] CHROMINANCE_QUANTIZATION = {
        17, 18, 24, 47, 99, 99, 99, 99,
        18, 21, 26, 66, 99, 99, 99, 99,
        24, 26, 56, 99, 99, 99, 99, 99,
        47, 66, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99};

    private static final HuffmanTable DC_LUMINANCE = table(HuffmanTable.Standard.DC_LUMINANCE_COUNTS,
            HuffmanTable.Standard.DC_LUMINANCE_SYMBOLS);
    private static final HuffmanTable DC_CHROMINANCE = table(HuffmanTable.Standard.DC_CHROMINANCE_COUNTS,
            HuffmanTable.Standard.DC_CHROMINANCE_SYMBOLS);
    private static final HuffmanTable AC_LUMINANCE = table(HuffmanTable.Standard.AC_LUMINANCE_COUNTS,
            HuffmanTable.Standard.AC_LUMINANCE_SYMBOLS);
    private static final HuffmanTable AC_CHROMINANCE = table(HuffmanTable.Standard.AC_CHROMINANCE_COUNTS,
            HuffmanTable.Standard.AC_CHROMINANCE_SYMBOLS);

    private Tables() {
    }

    /** The Annex K table a scan names but the file does not define: id 0 luminance, 1 chrominance. */
    static HuffmanTable standardHuffman(boolean dc, int id, int offset) throws JpegException {
        if (id > 1) {
            throw new JpegException((dc ? "DC" : "AC") + " Huffman table " + id + " is not defined", offset);
        }
        if (dc) {
            return id == 0 ? DC_LUMINANCE : DC_CHROMINANCE;
        }
        return id == 0 ? AC_LUMINANCE : AC_CHROMINANCE;
    }

    /** A DHT segment (marker included) holding the four Annex K tables. */
    static byte[] standardHuffmanSegment() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeTable(body, 0x00, HuffmanTable.Standard.DC_LUMINANCE_COUNTS, HuffmanTable.Standard.DC_LUMINANCE_SYMBOLS);
        writeTable(body, 0x10, HuffmanTable.Standard.AC_LUMINANCE_COUNTS, HuffmanTable.Standard.AC_LUMINANCE_SYMBOLS);
        writeTable(body, 0x01, HuffmanTable.Standard.DC_CHROMINANCE_COUNTS, HuffmanTable.Standard.DC_CHROMINANCE_SYMBOLS);
        writeTable(body, 0x11, HuffmanTable.Standard.AC_CHROMINANCE_COUNTS, HuffmanTable.Standard.AC_CHROMINANCE_SYMBOLS);
        int length = body.size() + 2;
        ByteArrayOutputStream segment = new ByteArrayOutputStream(length + 2);
        segment.write(0xFF);
        segment.write(0xC4);
        segment.write(length >> 8);
        segment.write(length & 0xff);
        segment.writeBytes(body.toByteArray());
        return segment.toByteArray();
    }

    private static void writeTable(ByteArrayOutputStream out, int classAndId, int[] counts, int[] symbols) {
        out.write(classAndId);
        for (int count : counts) {
            out.write(count);
        }
        for (int symbol : symbols) {
            out.write(symbol);
        }
    }

    private static HuffmanTable table(int[] counts, int[] symbols) {
        try {
            return new HuffmanTable(counts, symbols, 0);
        } catch (JpegException e) {
            throw new IllegalStateException("Annex K tables are valid", e);
        }
    }
}
