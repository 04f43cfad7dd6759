package nightjar.rtsp.internal;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import nightjar.codec.jpeg.JpegEncoder;
import nightjar.codec.jpeg.Sampling;
import nightjar.codec.jpeg.YCbCrImage;

/**
 * What RFC 2435 needs to know of a JPEG, read from its headers without decoding: whether the RTP/JPEG
 * payload can carry it as it is (receivers rebuild the headers from the payload's type, size and
 * quantization tables, and always use the Annex K Huffman tables), and if so where its scan is.
 *
 * @param reason why it cannot go as it is, null when it can
 * @param type 0 (4:2:2) or 1 (4:2:0), plus 64 with restart markers
 * @param width picture width in pixels
 * @param height picture height in pixels
 * @param restartInterval MCUs per restart interval, 0 for none
 * @param quantization the luma then the chroma table, 64 bytes each, zig-zag order as in DQT
 * @param scanOffset where the entropy-coded data starts
 * @param scanLength its length, up to (not including) the EOI marker
 */
record JpegLayout(@Nullable Recode reason, int type, int width, int height, int restartInterval, byte[] quantization,
        int scanOffset, int scanLength) {

    /** Why a JPEG must be re-coded before it can be sent, and how. */
    enum Recode {
        /** Huffman tables other than Annex K's (an optimised JPEG): re-coded from its coefficients. */
        HUFFMAN(false),
        /** A restart interval, sent without restart markers (most clients, ffmpeg's among them, read no others). */
        RESTART(false),
        /** Cb and Cr quantized differently, or tables of 16 bits: re-coded from its coefficients. */
        QUANTIZATION(false),
        /** More than one scan: re-coded from its coefficients. */
        SCANS(false),
        /** Greyscale: luma kept, neutral chroma added, from its coefficients. */
        GREYSCALE(false),
        /**
         * Chroma at 4:4:4 (halved from the coefficients, luma kept exactly) or 4:2:0/4:2:2 with other sampling
         * factors than the payload's types (written out again from the coefficients).
         */
        SAMPLING(false),
        /** Wider or higher than 2040 pixels, what the payload's size fields hold: decoded, scaled and encoded. */
        SIZE(true),
        /** Progressive, lossless, arithmetic-coded or 12-bit: our codec cannot read it, so it is skipped. */
        UNREADABLE(true);

        /** Whether re-coding needs the full decode (inverse DCT) rather than the coefficients. */
        final boolean decodes;

        Recode(boolean decodes) {
            this.decodes = decodes;
        }
    }

    /** The largest width or height the payload's size fields (8-pixel units in a byte) hold. */
    static final int MAX_SIDE = 2040;

    /** The Annex K Huffman tables as our codec writes them, keyed class<<4|id: what RTP/JPEG receivers assume. */
    private static final byte[][] STANDARD_HUFFMAN = standardHuffman();

    /**
     * Reads the layout of a JPEG.
     *
     * @param keepRestartMarkers whether a restart interval may go out as types 64/65, else it is re-coded
     * @throws MalformedJpegException when the headers are damaged
     */
    static JpegLayout of(byte[] jpeg, boolean keepRestartMarkers) throws MalformedJpegException {
        return new Reader(jpeg, false).read(keepRestartMarkers);
    }

    private static final class Reader {
        private final byte[] jpeg;
        private final byte[][] quantization = new byte[4][];
        private final boolean[] wideQuantization = new boolean[4];
        private final byte[][] huffman = new byte[32][];
        private int width;
        private int height;
        private int[] componentIds = new int[0];
        private int[] sampling = new int[0];
        private int[] tables = new int[0];
        private int restartInterval;
        private @Nullable Recode unreadable;
        /** Whether only the tables are wanted (the Annex K tables themselves are being read). */
        private final boolean tablesOnly;

        Reader(byte[] jpeg, boolean tablesOnly) {
            this.jpeg = jpeg;
            this.tablesOnly = tablesOnly;
        }

        JpegLayout read(boolean keepRestartMarkers) throws MalformedJpegException {
            if (jpeg.length < 4 || u8(0) != 0xFF || u8(1) != 0xD8) {
                throw new MalformedJpegException("not a JPEG: no start-of-image marker");
            }
            int offset = 2;
            while (true) {
                if (offset + 4 > jpeg.length) {
                    throw new MalformedJpegException("no scan before the end of the data");
                }
                if (u8(offset) != 0xFF) {
                    throw new MalformedJpegException("marker expected at byte " + offset);
                }
                int marker = u8(offset + 1);
                if (marker == 0xFF) {
                    offset++;
                    continue;
                }
                int length = (u8(offset + 2) << 8) | u8(offset + 3);
                int body = offset + 4;
                int end = offset + 2 + length;
                if (length < 2 || end > jpeg.length) {
                    throw new MalformedJpegException("segment at byte " + offset + " runs past the end");
                }
                switch (marker) {
                    case 0xC0, 0xC1 -> frame(body, end);
                    case 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF -> unreadable = Recode.UNREADABLE;
                    case 0xC4 -> huffmanTables(body, end);
                    case 0xDB -> quantizationTables(body, end);
                    case 0xDD -> restartInterval = end - body >= 2 ? (u8(body) << 8) | u8(body + 1) : 0;
                    case 0xDA -> {
                        return scan(body, end, keepRestartMarkers);
                    }
                    case 0xD9 -> throw new MalformedJpegException("image ends before its scan");
                    default -> {
                        // APPn, COM: nothing the payload carries.
                    }
                }
                offset = end;
            }
        }

        private void frame(int at, int end) throws MalformedJpegException {
            if (end - at < 6) {
                throw new MalformedJpegException("frame header too short");
            }
            if (u8(at) != 8) {
                unreadable = Recode.UNREADABLE;
            }
            height = (u8(at + 1) << 8) | u8(at + 2);
            width = (u8(at + 3) << 8) | u8(at + 4);
            int count = u8(at + 5);
            if (end - at < 6 + 3 * count || width == 0 || height == 0) {
                throw new MalformedJpegException("frame header damaged");
            }
            componentIds = new int[count];
            sampling = new int[count];
            tables = new int[count];
            for (int i = 0; i < count; i++) {
                componentIds[i] = u8(at + 6 + 3 * i);
                sampling[i] = u8(at + 7 + 3 * i);
                tables[i] = u8(at + 8 + 3 * i) & 3;
            }
        }

        private void quantizationTables(int at, int end) throws MalformedJpegException {
            while (at < end) {
                int wide = u8(at) >> 4;
                int id = u8(at) & 3;
                int size = wide == 0 ? 64 : 128;
                if (at + 1 + size > end) {
                    throw new MalformedJpegException("quantization table cut off");
                }
                quantization[id] = Arrays.copyOfRange(jpeg, at + 1, at + 1 + size);
                wideQuantization[id] = wide != 0;
                at += 1 + size;
            }
        }

        private void huffmanTables(int at, int end) throws MalformedJpegException {
            while (at < end) {
                if (at + 17 > end) {
                    throw new MalformedJpegException("Huffman table cut off");
                }
                int key = u8(at) & 0x1f;
                int symbols = 0;
                for (int i = 1; i <= 16; i++) {
                    symbols += u8(at + i);
                }
                if (at + 17 + symbols > end) {
                    throw new MalformedJpegException("Huffman table cut off");
                }
                huffman[key] = Arrays.copyOfRange(jpeg, at + 1, at + 17 + symbols);
                at += 17 + symbols;
            }
        }

        private JpegLayout scan(int at, int end, boolean keepRestartMarkers) throws MalformedJpegException {
            int scanLength = scanEnd(end) - end;
            if (tablesOnly) {
                return new JpegLayout(null, 0, width, height, 0, new byte[128], end, scanLength);
            }
            if (componentIds.length == 0 && unreadable == null) {
                throw new MalformedJpegException("no frame header before the scan");
            }
            Recode reason = reason(at, end, keepRestartMarkers);
            int type = componentIds.length == 3 && sampling[0] == 0x22 ? 1 : 0;
            if (reason == null && restartInterval > 0) {
                type += 64;
            }
            byte[] tablesInBand = new byte[128];
            if (reason == null) {
                System.arraycopy(quantization[tables[0]], 0, tablesInBand, 0, 64);
                System.arraycopy(quantization[tables[1]], 0, tablesInBand, 64, 64);
            }
            return new JpegLayout(reason, type, width, height, reason == null ? restartInterval : 0, tablesInBand, end,
                    scanLength);
        }

        /** Why the picture cannot go as it is, in the order of what costs most to fix; null when it can. */
        private @Nullable Recode reason(int at, int end, boolean keepRestartMarkers) throws MalformedJpegException {
            if (unreadable != null) {
                return unreadable;
            }
            if (width > MAX_SIDE || height > MAX_SIDE) {
                return Recode.SIZE;
            }
            if (componentIds.length == 1) {
                return Recode.GREYSCALE;
            }
            if (componentIds.length != 3 || (sampling[0] != 0x21 && sampling[0] != 0x22) || sampling[1] != 0x11
                    || sampling[2] != 0x11) {
                return Recode.SAMPLING;
            }
            for (int table : tables) {
                if (quantization[table] == null) {
                    throw new MalformedJpegException("quantization table " + table + " is not defined");
                }
                if (wideQuantization[table]) {
                    return Recode.QUANTIZATION;
                }
            }
            if (!Arrays.equals(quantization[tables[1]], quantization[tables[2]])) {
                return Recode.QUANTIZATION;
            }
            if (end - at < 1 || u8(at) != 3 || end - at < 1 + 2 * 3 + 3) {
                return Recode.SCANS;
            }
            for (int i = 0; i < 3; i++) {
                int component = u8(at + 1 + 2 * i);
                int selectors = u8(at + 2 + 2 * i);
                int expected = i == 0 ? 0 : 1;
                if (component != componentIds[i] || !standard(0x00 | (selectors >> 4), expected)
                        || !standard(0x10 | (selectors & 0x0f), 0x10 | expected)) {
                    return component != componentIds[i] ? Recode.SCANS : Recode.HUFFMAN;
                }
            }
            if (restartInterval > 0 && !keepRestartMarkers) {
                return Recode.RESTART;
            }
            return null;
        }

        /** Whether the table the scan selects is the Annex K table {@code standardKey} (a missing one is taken as Annex K's). */
        private boolean standard(int key, int standardKey) {
            byte[] defined = huffman[key];
            if (defined == null) {
                // Motion-JPEG frames from UVC webcams leave the tables out: decoders use Annex K's for ids 0 and 1.
                return (key & 0x0f) == (standardKey & 0x0f);
            }
            return Arrays.equals(defined, STANDARD_HUFFMAN[standardKey]);
        }

        /** Where the entropy-coded data ends: at the EOI marker, or the end of the data when it has none. */
        private int scanEnd(int start) {
            int end = jpeg.length;
            while (end - 2 >= start && !(u8(end - 2) == 0xFF && u8(end - 1) == 0xD9)) {
                end--;
            }
            return end - 2 >= start ? end - 2 : jpeg.length;
        }

        private int u8(int at) {
            return jpeg[at] & 0xff;
        }
    }

    /** The Huffman tables (counts and symbols) of our codec's output, which are Annex K's. */
    private static byte[][] standardHuffman() {
        byte[] sample = new JpegEncoder(50).encode(YCbCrImage.allocate(16, 16, Sampling.YUV420));
        try {
            Reader reader = new Reader(sample, true);
            reader.read(false);
            return reader.huffman;
        } catch (MalformedJpegException e) {
            throw new IllegalStateException("our own JPEG does not read", e);
        }
    }

    /** Damaged JPEG headers: the frame cannot be sent. */
    static final class MalformedJpegException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedJpegException(String message) {
            super(message);
        }
    }
}
