package nightjar.codec.jpeg;

/** Puts the Annex K Huffman tables into a JPEG that has none, just before its first scan. */
final class HuffmanTableInserter {
    private HuffmanTableInserter() {
    }

    static byte[] insert(byte[] jpeg) throws JpegException {
        if (jpeg.length < 4 || (jpeg[0] & 0xff) != 0xFF || (jpeg[1] & 0xff) != 0xD8) {
            throw new JpegException("not a JPEG: no start-of-image marker", 0);
        }
        int offset = 2;
        while (offset + 4 <= jpeg.length) {
            if ((jpeg[offset] & 0xff) != 0xFF) {
                throw new JpegException("marker expected", offset);
            }
            int marker = jpeg[offset + 1] & 0xff;
            if (marker == 0xFF) {
                offset++;
                continue;
            }
            if (marker == 0xC4) {
                return jpeg;
            }
            if (marker == 0xDA) {
                byte[] tables = Tables.standardHuffmanSegment();
                byte[] result = new byte[jpeg.length + tables.length];
                System.arraycopy(jpeg, 0, result, 0, offset);
                System.arraycopy(tables, 0, result, offset, tables.length);
                System.arraycopy(jpeg, offset, result, offset + tables.length, jpeg.length - offset);
                return result;
            }
            int length = ((jpeg[offset + 2] & 0xff) << 8) | (jpeg[offset + 3] & 0xff);
            if (length < 2) {
                throw new JpegException("segment length " + length + " is too small", offset + 2);
            }
            offset += 2 + length;
        }
        throw new JpegException("no scan (SOS) found", Math.min(offset, jpeg.length));
    }
}
