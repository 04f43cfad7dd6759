package nightjar.codec.jpeg;

import java.io.ByteArrayOutputStream;

import nightjar.codec.internal.Dct;
import nightjar.codec.internal.ZigZag;

/**
 * Baseline JPEG from planar YCbCr (JFIF, full range) at 4:2:0, 4:2:2, 4:4:4 or greyscale, with the
 * Annex K quantization tables scaled by a quality of 1 to 100 (the IJG convention: 50 is the tables
 * as printed, 75 half of them) and the Annex K Huffman tables. An encoder keeps its buffers between
 * pictures; it is not for use by two threads at once.
 */
public final class JpegEncoder {
    private final int quality;
    private final int[] luminanceTable;
    private final int[] chrominanceTable;
    private final Code dcLuminance = new Code(Tables.DC_LUMINANCE_COUNTS, Tables.DC_LUMINANCE_SYMBOLS);
    private final Code acLuminance = new Code(Tables.AC_LUMINANCE_COUNTS, Tables.AC_LUMINANCE_SYMBOLS);
    private final Code dcChrominance = new Code(Tables.DC_CHROMINANCE_COUNTS,
            Tables.DC_CHROMINANCE_SYMBOLS);
    private final Code acChrominance = new Code(Tables.AC_CHROMINANCE_COUNTS,
            Tables.AC_CHROMINANCE_SYMBOLS);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    private final float[] samples = new float[64];
    private final float[] coefficients = new float[64];
    private final float[] scratch = new float[64];
    private final int[] quantized = new int[64];

    /** @param quality 1 (smallest) to 100 (best) */
    public JpegEncoder(int quality) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("quality must be between 1 and 100, was " + quality);
        }
        this.quality = quality;
        this.luminanceTable = scaled(Tables.LUMINANCE_QUANTIZATION, quality);
        this.chrominanceTable = scaled(Tables.CHROMINANCE_QUANTIZATION, quality);
    }

    /** The quantization table (natural order) for a quality, as IJG's libjpeg scales Annex K. */
    static int[] scaled(int[] table, int quality) {
        int scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
        int[] result = new int[64];
        for (int i = 0; i < 64; i++) {
            result[i] = Math.max(1, Math.min(255, (table[i] * scale + 50) / 100));
        }
        return result;
    }

    /** Encodes the picture; the returned array is new and belongs to the caller. */
    public byte[] encode(YCbCrImage image) {
        out.reset();
        boolean colour = image.sampling() != Sampling.GREYSCALE;
        int lumaH = colour ? image.sampling().horizontalFactor() : 1;
        int lumaV = colour ? image.sampling().verticalFactor() : 1;
        writeHeaders(image, colour, lumaH, lumaV);
        EntropyWriter bits = new EntropyWriter(out);
        int mcusAcross = (image.width() + 8 * lumaH - 1) / (8 * lumaH);
        int mcusDown = (image.height() + 8 * lumaV - 1) / (8 * lumaV);
        int[] predictors = new int[3];
        for (int my = 0; my < mcusDown; my++) {
            for (int mx = 0; mx < mcusAcross; mx++) {
                for (int by = 0; by < lumaV; by++) {
                    for (int bx = 0; bx < lumaH; bx++) {
                        predictors[0] = encodeBlock(bits, image.y(), image.width(), image.height(),
                                (mx * lumaH + bx) * 8, (my * lumaV + by) * 8, luminanceTable, dcLuminance, acLuminance,
                                predictors[0]);
                    }
                }
                if (colour) {
                    predictors[1] = encodeBlock(bits, image.cb(), image.chromaWidth(), image.chromaHeight(), mx * 8,
                            my * 8, chrominanceTable, dcChrominance, acChrominance, predictors[1]);
                    predictors[2] = encodeBlock(bits, image.cr(), image.chromaWidth(), image.chromaHeight(), mx * 8,
                            my * 8, chrominanceTable, dcChrominance, acChrominance, predictors[2]);
                }
            }
        }
        bits.flush();
        out.write(0xFF);
        out.write(0xD9);
        return out.toByteArray();
    }

    private int encodeBlock(EntropyWriter bits, byte[] plane, int width, int height, int left, int top, int[] table,
            Code dc, Code ac, int predictor) {
        // Blocks past the edge repeat the last row and column: smooth, so cheap to code.
        for (int y = 0; y < 8; y++) {
            int row = Math.min(top + y, height - 1) * width;
            for (int x = 0; x < 8; x++) {
                samples[y * 8 + x] = (plane[row + Math.min(left + x, width - 1)] & 0xff) - 128;
            }
        }
        Dct.forward(samples, coefficients, scratch);
        for (int i = 0; i < 64; i++) {
            quantized[i] = Math.round(coefficients[i] / table[i]);
        }
        int value = quantized[0];
        int difference = value - predictor;
        int category = category(difference);
        dc.write(bits, category);
        if (category > 0) {
            bits.write(difference < 0 ? difference - 1 : difference, category);
        }
        int run = 0;
        for (int k = 1; k < 64; k++) {
            int coefficient = quantized[ZigZag.natural(k)];
            if (coefficient == 0) {
                run++;
                continue;
            }
            while (run > 15) {
                ac.write(bits, 0xF0);
                run -= 16;
            }
            int size = category(coefficient);
            ac.write(bits, (run << 4) | size);
            bits.write(coefficient < 0 ? coefficient - 1 : coefficient, size);
            run = 0;
        }
        if (run > 0) {
            ac.write(bits, 0x00);
        }
        return value;
    }

    private static int category(int value) {
        return value == 0 ? 0 : 32 - Integer.numberOfLeadingZeros(Math.abs(value));
    }

    private void writeHeaders(YCbCrImage image, boolean colour, int lumaH, int lumaV) {
        out.write(0xFF);
        out.write(0xD8);
        // JFIF APP0: version 1.01, no density unit, 1:1 aspect, no thumbnail.
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0});
        writeQuantization(0, luminanceTable);
        if (colour) {
            writeQuantization(1, chrominanceTable);
        }
        int components = colour ? 3 : 1;
        segment(0xC0, 6 + 3 * components);
        out.write(8);
        u16(image.height());
        u16(image.width());
        out.write(components);
        out.write(1);
        out.write((lumaH << 4) | lumaV);
        out.write(0);
        if (colour) {
            out.writeBytes(new byte[] {2, 0x11, 1, 3, 0x11, 1});
        }
        out.writeBytes(Tables.standardHuffmanSegment());
        segment(0xDA, 4 + 2 * components);
        out.write(components);
        out.writeBytes(colour ? new byte[] {1, 0x00, 2, 0x11, 3, 0x11} : new byte[] {1, 0x00});
        out.writeBytes(new byte[] {0, 63, 0});
    }

    private void writeQuantization(int id, int[] table) {
        segment(0xDB, 65);
        out.write(id);
        for (int k = 0; k < 64; k++) {
            out.write(table[ZigZag.natural(k)]);
        }
    }

    /** A marker and the length of a segment whose body is {@code bodyLength} bytes. */
    private void segment(int marker, int bodyLength) {
        out.write(0xFF);
        out.write(marker);
        u16(bodyLength + 2);
    }

    private void u16(int value) {
        out.write(value >> 8);
        out.write(value & 0xff);
    }

    /** A Huffman table as codes: canonical codes from the counts (T.81 Annex C). */
    private static final class Code {
        private final int[] code = new int[256];
        private final int[] length = new int[256];

        Code(int[] counts, int[] symbols) {
            int next = 0;
            int index = 0;
            for (int bitLength = 1; bitLength <= 16; bitLength++) {
                for (int i = 0; i < counts[bitLength - 1]; i++) {
                    code[symbols[index]] = next++;
                    length[symbols[index]] = bitLength;
                    index++;
                }
                next <<= 1;
            }
        }

        void write(EntropyWriter bits, int symbol) {
            bits.write(code[symbol], length[symbol]);
        }
    }
}
