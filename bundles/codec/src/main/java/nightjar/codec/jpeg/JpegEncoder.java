package nightjar.codec.jpeg;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

import nightjar.codec.internal.Dct;
import nightjar.codec.internal.ZigZag;

/**
 * Baseline JPEG from planar YCbCr (JFIF, full range) at 4:2:0, 4:2:2, 4:4:4 or greyscale, with the
 * Annex K quantization tables scaled by a quality of 1 to 100 (the IJG convention: 50 is the tables
 * as printed, 75 half of them) and the Annex K Huffman tables. It also writes quantized coefficients
 * as they are ({@link #encode(JpegCoefficients)}): a JPEG's entropy coding re-done without decoding its
 * picture. An encoder keeps its buffers between pictures; it is not for use by two threads at once.
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
        writeHeaders(image.width(), image.height(), colour, lumaH, lumaV, luminanceTable, chrominanceTable,
                chrominanceTable);
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
        return codeBlock(bits, dc, ac, predictor);
    }

    /**
     * Writes quantized coefficients as they are, with the Annex K Huffman tables, the picture's own
     * quantization tables and no restart markers: a re-code of a JPEG's entropy coding (other Huffman
     * tables, restart intervals, several scans) without decoding its picture. The quality plays no part.
     * Blocks past a component's grid (a grid laid out for other sampling factors) are written as zero.
     *
     * @throws IllegalArgumentException when a quantization value is not 1 to 255 (baseline's 8 bits) or the
     *         components do not fit the sampling
     */
    public byte[] encode(JpegCoefficients picture) {
        boolean colour = picture.sampling() != Sampling.GREYSCALE;
        List<JpegCoefficients.Component> components = picture.components();
        if (components.size() != (colour ? 3 : 1)) {
            throw new IllegalArgumentException(components.size() + " components for " + picture.sampling());
        }
        for (JpegCoefficients.Component component : components) {
            for (int value : component.quantization()) {
                if (value < 1 || value > 255) {
                    throw new IllegalArgumentException("quantization value " + value + " does not fit baseline's 8 bits");
                }
            }
        }
        out.reset();
        int lumaH = colour ? picture.sampling().horizontalFactor() : 1;
        int lumaV = colour ? picture.sampling().verticalFactor() : 1;
        int[] luma = components.get(0).quantization();
        int[] cb = colour ? components.get(1).quantization() : luma;
        int[] cr = colour ? components.get(2).quantization() : luma;
        writeHeaders(picture.width(), picture.height(), colour, lumaH, lumaV, luma, cb, cr);
        EntropyWriter bits = new EntropyWriter(out);
        int mcusAcross = (picture.width() + 8 * lumaH - 1) / (8 * lumaH);
        int mcusDown = (picture.height() + 8 * lumaV - 1) / (8 * lumaV);
        int[] predictors = new int[3];
        for (int my = 0; my < mcusDown; my++) {
            for (int mx = 0; mx < mcusAcross; mx++) {
                for (int by = 0; by < lumaV; by++) {
                    for (int bx = 0; bx < lumaH; bx++) {
                        load(components.get(0), mx * lumaH + bx, my * lumaV + by);
                        predictors[0] = codeBlock(bits, dcLuminance, acLuminance, predictors[0]);
                    }
                }
                if (colour) {
                    load(components.get(1), mx, my);
                    predictors[1] = codeBlock(bits, dcChrominance, acChrominance, predictors[1]);
                    load(components.get(2), mx, my);
                    predictors[2] = codeBlock(bits, dcChrominance, acChrominance, predictors[2]);
                }
            }
        }
        bits.flush();
        out.write(0xFF);
        out.write(0xD9);
        return out.toByteArray();
    }

    /** Puts the block at column x, row y of the component into {@link #quantized}; zero past its grid. */
    private void load(JpegCoefficients.Component component, int x, int y) {
        if (x >= component.blocksAcross() || y >= component.blocksDown()) {
            Arrays.fill(quantized, 0);
            return;
        }
        short[] coefficients = component.coefficients();
        int offset = component.blockOffset(x, y);
        for (int i = 0; i < 64; i++) {
            quantized[i] = coefficients[offset + i];
        }
    }

    /** Writes the block in {@link #quantized} (natural order); returns its DC, the next predictor. */
    private int codeBlock(EntropyWriter bits, Code dc, Code ac, int predictor) {
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

    /** The headers up to the scan; Cr gets a table of its own only when it differs from Cb's. */
    private void writeHeaders(int width, int height, boolean colour, int lumaH, int lumaV, int[] luma, int[] cb,
            int[] cr) {
        out.write(0xFF);
        out.write(0xD8);
        // JFIF APP0: version 1.01, no density unit, 1:1 aspect, no thumbnail.
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0});
        writeQuantization(0, luma);
        int crTable = Arrays.equals(cb, cr) ? 1 : 2;
        if (colour) {
            writeQuantization(1, cb);
            if (crTable == 2) {
                writeQuantization(2, cr);
            }
        }
        int components = colour ? 3 : 1;
        segment(0xC0, 6 + 3 * components);
        out.write(8);
        u16(height);
        u16(width);
        out.write(components);
        out.write(1);
        out.write((lumaH << 4) | lumaV);
        out.write(0);
        if (colour) {
            out.writeBytes(new byte[] {2, 0x11, 1, 3, 0x11, (byte) crTable});
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
