package nightjar.camera.internal;

import java.io.IOException;

/** Reads a JPEG's picture size from its start-of-frame segment without decoding it. */
final class JpegSize {
    private JpegSize() {
    }

    /** Returns {width, height}. */
    static int[] of(byte[] jpeg) throws IOException {
        if (jpeg.length < 4 || (jpeg[0] & 0xff) != 0xFF || (jpeg[1] & 0xff) != 0xD8) {
            throw new IOException("not a JPEG: no start-of-image marker");
        }
        int offset = 2;
        while (offset + 4 <= jpeg.length) {
            if ((jpeg[offset] & 0xff) != 0xFF) {
                throw new IOException("JPEG marker expected at byte " + offset);
            }
            int marker = jpeg[offset + 1] & 0xff;
            if (marker == 0xFF) {
                offset++; // fill byte
                continue;
            }
            int length = ((jpeg[offset + 2] & 0xff) << 8) | (jpeg[offset + 3] & 0xff);
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF
                    && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                if (offset + 9 > jpeg.length || length < 7) {
                    throw new IOException("JPEG start-of-frame segment truncated at byte " + offset);
                }
                int height = ((jpeg[offset + 5] & 0xff) << 8) | (jpeg[offset + 6] & 0xff);
                int width = ((jpeg[offset + 7] & 0xff) << 8) | (jpeg[offset + 8] & 0xff);
                if (width == 0 || height == 0) {
                    throw new IOException("JPEG declares an empty picture (" + width + "x" + height + ")");
                }
                return new int[] {width, height};
            }
            if (marker == 0xDA || length < 2) {
                break;
            }
            offset += 2 + length;
        }
        throw new IOException("JPEG has no start-of-frame segment");
    }
}
