package nightjar.camera.internal;

import java.io.IOException;

/**
 * Checks that bytes are a whole JPEG with a believable picture size, and reads that size, without
 * decoding: a start-of-image, well-formed segments up to the first scan, one start-of-frame with
 * both sides from {@value #MIN_SIDE} to {@value #MAX_SIDE} pixels and at most {@value #MAX_PIXELS}
 * pixels, and an end-of-image (padding after it is allowed, as some cameras send it). What fails is
 * a damaged frame, to be dropped before it changes anything.
 */
final class JpegSize {
    static final int MIN_SIDE = 16;
    static final int MAX_SIDE = 8192;
    /** 8K UHD (7680x4320) and a little more. */
    static final int MAX_PIXELS = 36_000_000;
    /** Bytes after the end-of-image taken for padding (CR LF, zeros) rather than for a damaged end. */
    private static final int MAX_PADDING = 64;

    private JpegSize() {
    }

    /** Returns {width, height} of a whole, believable JPEG; anything else is an IOException saying why. */
    static int[] of(byte[] jpeg) throws IOException {
        if (jpeg.length < 4 || (jpeg[0] & 0xff) != 0xFF || (jpeg[1] & 0xff) != 0xD8) {
            throw new IOException("not a JPEG: no start-of-image marker");
        }
        if (!endsWithEndOfImage(jpeg)) {
            throw new IOException("JPEG cut off: no end-of-image marker");
        }
        int[] size = null;
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
            if (marker == 0xD8 || marker == 0xD9 || marker >= 0xD0 && marker <= 0xD7 || marker == 0x00) {
                throw new IOException("JPEG marker 0x" + Integer.toHexString(marker) + " out of place at byte " + offset);
            }
            int length = ((jpeg[offset + 2] & 0xff) << 8) | (jpeg[offset + 3] & 0xff);
            if (length < 2 || offset + 2 + length > jpeg.length) {
                throw new IOException("JPEG segment at byte " + offset + " has a bad length (" + length + ")");
            }
            if (marker == 0xDA) {
                if (size == null) {
                    throw new IOException("JPEG scan before any start-of-frame segment");
                }
                return size;
            }
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF
                    && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                if (size != null) {
                    throw new IOException("JPEG has a second start-of-frame segment at byte " + offset);
                }
                size = frameSize(jpeg, offset, length);
            }
            offset += 2 + length;
        }
        throw new IOException("JPEG has no scan");
    }

    private static int[] frameSize(byte[] jpeg, int offset, int length) throws IOException {
        int components = length >= 8 ? jpeg[offset + 9] & 0xff : 0;
        if (length < 8 || components < 1 || components > 4 || length != 8 + 3 * components) {
            throw new IOException("JPEG start-of-frame segment at byte " + offset + " is malformed");
        }
        int height = ((jpeg[offset + 5] & 0xff) << 8) | (jpeg[offset + 6] & 0xff);
        int width = ((jpeg[offset + 7] & 0xff) << 8) | (jpeg[offset + 8] & 0xff);
        if (width < MIN_SIDE || height < MIN_SIDE || width > MAX_SIDE || height > MAX_SIDE
                || (long) width * height > MAX_PIXELS) {
            throw new IOException("JPEG declares an impossible picture size " + width + "x" + height);
        }
        return new int[] {width, height};
    }

    private static boolean endsWithEndOfImage(byte[] jpeg) {
        int end = jpeg.length;
        int padding = 0;
        while (end > 4 && padding < MAX_PADDING && (jpeg[end - 1] & 0xff) != 0xD9) {
            int b = jpeg[end - 1] & 0xff;
            if (b != 0x00 && b != '\r' && b != '\n' && b != ' ' && b != 0xFF) {
                return false;
            }
            end--;
            padding++;
        }
        return end > 4 && (jpeg[end - 1] & 0xff) == 0xD9 && (jpeg[end - 2] & 0xff) == 0xFF;
    }
}
