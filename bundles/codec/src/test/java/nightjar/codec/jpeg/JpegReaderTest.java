package nightjar.codec.jpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;

import javax.imageio.ImageIO;
import javax.imageio.plugins.jpeg.JPEGHuffmanTable;
import javax.imageio.plugins.jpeg.JPEGQTable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import nightjar.codec.testing.Tools;

/** The reader against independent implementations: ffmpeg's decoder, libjpeg-turbo's tools, the JDK. */
class JpegReaderTest {
    @TempDir
    static Path temp;

    @ParameterizedTest
    @CsvSource({
        "320, 240, yuvj420p, 2", "320, 240, yuvj420p, 12", "322, 242, yuvj420p, 4",
        "320, 240, yuvj422p, 3", "334, 202, yuvj422p, 6",
        "320, 240, yuvj444p, 3", "250, 130, yuvj444p, 8"})
    void theFullDecodeMatchesFfmpegsAboveFortyFiveDecibels(int width, int height, String format, int qscale)
            throws Exception {
        byte[] jpeg = Tools.ffmpegJpeg(temp, width, height, format, qscale, 7);
        YCbCrImage ours = Jpeg.decode(jpeg);
        byte[] theirs = Tools.ffmpegDecode(temp, jpeg, format);
        assertEquals(width, ours.width());
        assertEquals(height, ours.height());
        Sampling expected = switch (format) {
            case "yuvj420p" -> Sampling.YUV420;
            case "yuvj422p" -> Sampling.YUV422;
            default -> Sampling.YUV444;
        };
        assertEquals(expected, ours.sampling());
        int luma = width * height;
        int chroma = ours.cb().length;
        assertEquals(luma + 2 * chroma, theirs.length, "same plane layout as ffmpeg's " + format);
        assertAbove(45, Tools.psnr(ours.y(), 0, theirs, 0, luma), "Y");
        if (chroma > 0) {
            assertAbove(45, Tools.psnr(ours.cb(), 0, theirs, luma, chroma), "Cb");
            assertAbove(45, Tools.psnr(ours.cr(), 0, theirs, luma + chroma, chroma), "Cr");
        }
    }

    @ParameterizedTest
    @CsvSource({"99, 77, 2x2", "101, 43, 2x1", "37, 29, 1x1"})
    void oddSizesDecodeLikeFfmpeg(int width, int height, String lumaSampling) throws Exception {
        byte[] jpeg = Tools.cjpeg(temp, Tools.ppm(temp, width, height), "-sample", lumaSampling + ",1x1,1x1",
                "-quality", "90");
        YCbCrImage ours = Jpeg.decode(jpeg);
        String format = switch (ours.sampling()) {
            case YUV420 -> "yuvj420p";
            case YUV422 -> "yuvj422p";
            default -> "yuvj444p";
        };
        byte[] theirs = Tools.ffmpegDecode(temp, jpeg, format);
        int luma = width * height;
        int chroma = ours.cb().length;
        assertEquals(luma + 2 * chroma, theirs.length, format);
        assertAbove(45, Tools.psnr(ours.y(), 0, theirs, 0, luma), "Y");
        assertAbove(45, Tools.psnr(ours.cb(), 0, theirs, luma, chroma), "Cb");
        assertAbove(45, Tools.psnr(ours.cr(), 0, theirs, luma + chroma, chroma), "Cr");
    }

    @ParameterizedTest
    @CsvSource({"99, 77", "320, 240"})
    void greyscaleDecodesLikeFfmpeg(int width, int height) throws Exception {
        byte[] jpeg = Tools.cjpeg(temp, Tools.ppm(temp, width, height), "-grayscale", "-quality", "85");
        YCbCrImage ours = Jpeg.decode(jpeg);
        assertEquals(Sampling.GREYSCALE, ours.sampling());
        assertEquals(0, ours.cb().length);
        byte[] theirs = Tools.ffmpegDecode(temp, jpeg, "gray");
        assertAbove(45, Tools.psnr(ours.y(), 0, theirs, 0, width * height), "Y");
        assertEquals((width + 7) / 8, Jpeg.lumaThumbnail(jpeg).width());
    }

    @Test
    void theThumbnailReaderReusesItsArrayAndReadsFromALargerBuffer() throws Exception {
        byte[] first = Tools.ffmpegJpeg(temp, 320, 240, "yuvj420p", 3, 5);
        byte[] second = Tools.ffmpegJpeg(temp, 320, 240, "yuvj422p", 3, 9);
        LumaThumbnailReader reader = new LumaThumbnailReader();
        byte[] buffer = new byte[Math.max(first.length, second.length) + 4096];
        java.util.Arrays.fill(buffer, (byte) 0x55); // what a reused buffer holds past the frame must not matter
        System.arraycopy(first, 0, buffer, 0, first.length);
        reader.read(buffer, first.length);
        byte[] pixels = reader.pixels();
        assertArrayEquals(Jpeg.lumaThumbnail(first).pixels(), pixels);
        System.arraycopy(second, 0, buffer, 0, second.length);
        reader.read(buffer, second.length);
        assertSame(pixels, reader.pixels(), "same size, same array");
        assertArrayEquals(Jpeg.lumaThumbnail(second).pixels(), reader.pixels());
        assertThrows(JpegException.class, () -> reader.read(buffer, first.length / 2), "a truncated frame");
    }

    @ParameterizedTest
    @CsvSource({"640, 480, yuvj420p", "320, 240, yuvj422p", "200, 120, yuvj444p", "324, 244, yuvj420p"})
    void theDcThumbnailIsEachBlocksMeanInFfmpegsDecode(int width, int height, String format) throws Exception {
        byte[] jpeg = Tools.ffmpegJpeg(temp, width, height, format, 3, 11);
        LumaThumbnail thumbnail = Jpeg.lumaThumbnail(jpeg);
        byte[] decoded = Tools.ffmpegDecode(temp, jpeg, format);
        assertEquals((width + 7) / 8, thumbnail.width());
        assertEquals((height + 7) / 8, thumbnail.height());
        // ffmpeg's JPEG decode is in the same layout as its encoder's input format: luma plane first.
        for (int by = 0; by < height / 8; by++) {
            for (int bx = 0; bx < width / 8; bx++) {
                int sum = 0;
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        sum += decoded[(by * 8 + y) * width + bx * 8 + x] & 0xff;
                    }
                }
                int mean = Math.round(sum / 64f);
                int difference = Math.abs(mean - thumbnail.luma(bx, by));
                assertTrue(difference <= 2, "block " + bx + "," + by + ": mean " + mean + ", thumbnail "
                        + thumbnail.luma(bx, by));
            }
        }
    }

    @Test
    void coefficientsCarryTheQuantizationTablesAsCoded() throws Exception {
        // The JDK writes quality 0.75 with the Annex K tables scaled by 50% (IJG's quality scaling).
        java.awt.image.BufferedImage picture = ImageIO.read(new ByteArrayInputStream(
                Tools.ffmpegJpeg(temp, 160, 120, "yuvj420p", 2, 1)));
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        ImageIO.write(picture, "jpeg", written);
        JpegCoefficients coefficients = Jpeg.coefficients(written.toByteArray());
        assertEquals(Sampling.YUV420, coefficients.sampling());
        assertEquals(3, coefficients.components().size());
        JpegCoefficients.Component luma = coefficients.components().get(0);
        assertEquals(20, luma.blocksAcross());
        assertEquals(16, luma.blocksDown());
        assertEquals(10, coefficients.components().get(1).blocksAcross());
        int[] scaled = Arrays.stream(Tables.LUMINANCE_QUANTIZATION).map(q -> Math.max(1, (q * 50 + 50) / 100)).toArray();
        assertArrayEquals(scaled, luma.quantization());
    }

    @Test
    void restartMarkersAndOptimizedTablesDecodeToTheSamePicture() throws Exception {
        byte[] original = Tools.ffmpegJpeg(temp, 320, 240, "yuvj420p", 4, 3);
        YCbCrImage reference = Jpeg.decode(original);
        for (String[] options : new String[][] {{"-restart", "1"}, {"-restart", "3B"}, {"-optimize"},
                {"-restart", "2B", "-optimize"}}) {
            byte[] rewritten = Tools.jpegtran(temp, original, options);
            YCbCrImage decoded = Jpeg.decode(rewritten);
            assertArrayEquals(reference.y(), decoded.y(), String.join(" ", options));
            assertArrayEquals(reference.cr(), decoded.cr(), String.join(" ", options));
            assertArrayEquals(Jpeg.lumaThumbnail(original).pixels(), Jpeg.lumaThumbnail(rewritten).pixels());
        }
    }

    @Test
    void framesWithoutHuffmanTablesUseAnnexKAndCanBeRepaired() throws Exception {
        byte[] original = Tools.ffmpegJpeg(temp, 320, 240, "yuvj422p", 3, 5);
        byte[] standard = Tools.jpegtran(temp, original); // jpegtran writes the Annex K tables
        byte[] stripped = withoutHuffmanTables(standard);
        assertTrue(stripped.length < standard.length, "the test frame has its tables removed");
        assertArrayEquals(Jpeg.decode(standard).y(), Jpeg.decode(stripped).y(), "decoded with the Annex K tables");

        byte[] repaired = Jpeg.withHuffmanTables(stripped);
        assertNotNull(ImageIO.read(new ByteArrayInputStream(repaired)), "another decoder reads the repaired frame");
        assertArrayEquals(Jpeg.decode(standard).cb(), Jpeg.decode(repaired).cb());
        assertSame(standard, Jpeg.withHuffmanTables(standard), "a frame with tables is left as it is");
    }

    @Test
    void theAnnexKTablesAreTheStandardOnes() {
        assertTable(JPEGHuffmanTable.StdDCLuminance, Tables.DC_LUMINANCE_COUNTS,
                Tables.DC_LUMINANCE_SYMBOLS);
        assertTable(JPEGHuffmanTable.StdDCChrominance, Tables.DC_CHROMINANCE_COUNTS,
                Tables.DC_CHROMINANCE_SYMBOLS);
        assertTable(JPEGHuffmanTable.StdACLuminance, Tables.AC_LUMINANCE_COUNTS,
                Tables.AC_LUMINANCE_SYMBOLS);
        assertTable(JPEGHuffmanTable.StdACChrominance, Tables.AC_CHROMINANCE_COUNTS,
                Tables.AC_CHROMINANCE_SYMBOLS);
        // The JDK keeps its quantization tables in natural order too.
        assertArrayEquals(JPEGQTable.K1Luminance.getTable(), Tables.LUMINANCE_QUANTIZATION);
        assertArrayEquals(JPEGQTable.K2Chrominance.getTable(), Tables.CHROMINANCE_QUANTIZATION);
    }

    @Test
    void unsupportedFeaturesAreNamed() throws Exception {
        byte[] ppm = Tools.ppm(temp, 64, 48);
        assertEquals("progressive coding", assertThrows(UnsupportedJpegException.class,
                () -> Jpeg.decode(Tools.cjpeg(temp, ppm, "-progressive"))).feature());
        assertEquals("arithmetic coding", assertThrows(UnsupportedJpegException.class,
                () -> Jpeg.lumaThumbnail(Tools.cjpeg(temp, ppm, "-arithmetic"))).feature());
        byte[] twelveBit = Tools.cjpeg(temp, ppm).clone();
        twelveBit[startOfFrame(twelveBit) + 4] = 12;
        assertEquals("12-bit samples",
                assertThrows(UnsupportedJpegException.class, () -> Jpeg.decode(twelveBit)).feature());
    }

    @Test
    void aHeaderClaimingAHugePictureIsRefusedBeforeAnyAllocation() throws Exception {
        byte[] jpeg = Tools.ffmpegJpeg(temp, 64, 48, "yuvj420p", 3, 0).clone();
        int sof = startOfFrame(jpeg);
        for (int i = 5; i <= 8; i++) {
            jpeg[sof + i] = (byte) 0xFF;
        }
        JpegException e = assertThrows(JpegException.class, () -> Jpeg.decode(jpeg));
        assertTrue(e.getMessage().contains("65535x65535 is more than"), e.getMessage());
        assertEquals(sof + 5, e.offset());
    }

    @Test
    void truncatedDataIsAnErrorWithItsOffset() throws Exception {
        byte[] jpeg = Tools.ffmpegJpeg(temp, 160, 120, "yuvj420p", 3, 2);
        int scanStart = startOfScan(jpeg);
        for (int cut = 2; cut < jpeg.length - 2; cut += 37) {
            byte[] truncated = Arrays.copyOf(jpeg, cut);
            JpegException e = assertThrows(JpegException.class, () -> Jpeg.decode(truncated), "cut at " + cut);
            assertTrue(e.offset() >= 0 && e.offset() <= cut, "offset " + e.offset() + " for a cut at " + cut);
            if (cut > scanStart + 20) {
                assertTrue(e.getMessage().contains("ends early") || e.getMessage().contains("truncated"), e.getMessage());
            }
        }
    }

    @Test
    void aReusedReaderGivesWhatFreshReadsGiveAndNeverCarriesTablesOver() throws Exception {
        byte[] fine = Tools.ffmpegJpeg(temp, 160, 120, "yuvj420p", 2, 1);
        byte[] coarse = Tools.ffmpegJpeg(temp, 160, 120, "yuvj420p", 20, 2);
        byte[] optimized = Tools.jpegtran(temp, fine, "-optimize");
        java.util.List<short[]> reused = new java.util.ArrayList<>();
        BlockReader reader = new BlockReader(DequantizedBlocks.collector(reused, new java.util.ArrayList<>()));
        for (byte[] jpeg : java.util.List.of(fine, coarse, optimized, fine, coarse)) {
            reused.clear();
            reader.read(jpeg);
            java.util.List<short[]> fresh = new java.util.ArrayList<>();
            Jpeg.visitBlocks(jpeg, DequantizedBlocks.collector(fresh, new java.util.ArrayList<>()));
            assertEquals(fresh.size(), reused.size());
            for (int i = 0; i < fresh.size(); i++) {
                assertArrayEquals(fresh.get(i), reused.get(i), "block " + i);
            }
        }
        byte[] withoutQuantization = withoutSegments(fine, 0xDB);
        JpegException e = assertThrows(JpegException.class, () -> reader.read(withoutQuantization));
        assertTrue(e.getMessage().contains("quantization table 0 is not defined"), e.getMessage());
    }

    private static void assertTable(JPEGHuffmanTable expected, int[] counts, int[] symbols) {
        short[] lengths = expected.getLengths();
        short[] values = expected.getValues();
        for (int i = 0; i < 16; i++) {
            assertEquals(lengths[i], counts[i]);
        }
        assertEquals(values.length, symbols.length);
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i], symbols[i]);
        }
    }

    static int startOfFrame(byte[] jpeg) {
        return findMarker(jpeg, 0xC0);
    }

    static int startOfScan(byte[] jpeg) {
        return findMarker(jpeg, 0xDA);
    }

    private static int findMarker(byte[] jpeg, int marker) {
        int offset = 2;
        while ((jpeg[offset + 1] & 0xff) != marker) {
            offset += 2 + (((jpeg[offset + 2] & 0xff) << 8) | (jpeg[offset + 3] & 0xff));
        }
        return offset;
    }

    /** The JPEG with its DHT segments removed, as a UVC webcam sends it. */
    static byte[] withoutHuffmanTables(byte[] jpeg) {
        return withoutSegments(jpeg, 0xC4);
    }

    /** The JPEG without the segments of one marker (before the scan). */
    static byte[] withoutSegments(byte[] jpeg, int removed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int offset = 2;
        while (true) {
            int marker = jpeg[offset + 1] & 0xff;
            int length = ((jpeg[offset + 2] & 0xff) << 8) | (jpeg[offset + 3] & 0xff);
            if (marker == 0xDA) {
                out.write(jpeg, offset, jpeg.length - offset);
                return out.toByteArray();
            }
            if (marker != removed) {
                out.write(jpeg, offset, 2 + length);
            }
            offset += 2 + length;
        }
    }

    private static void assertAbove(double minimum, double psnr, String plane) {
        assertTrue(psnr >= minimum, plane + " PSNR " + psnr + " dB");
    }
}
