package nightjar.codec.jpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import nightjar.codec.testing.Tools;

/** Coefficients written as they are: the same picture, coded with Annex K tables and no restart markers. */
class CoefficientEncodingTest {
    @TempDir
    static Path temp;

    @ParameterizedTest
    @CsvSource({"yuvj420p, -optimize -restart 1", "yuvj422p, -restart 2B", "yuvj444p, -optimize", "gray, -optimize -restart 3"})
    void theRecodedJpegHasTheSameCoefficientsAndStandardTables(String format, String options) throws Exception {
        byte[] source = Tools.ffmpegJpeg(temp, 200, 120, format, 3, 2);
        byte[] rewritten = Tools.jpegtran(temp, source, options.split(" "));
        JpegCoefficients before = Jpeg.coefficients(rewritten);
        byte[] recoded = new JpegEncoder(50).encode(before);
        JpegCoefficients after = Jpeg.coefficients(recoded);
        assertEquals(before.sampling(), after.sampling());
        for (int c = 0; c < before.components().size(); c++) {
            assertArrayEquals(before.components().get(c).quantization(), after.components().get(c).quantization());
            // The grids may differ past the picture (other sampling factors, other padding): compare what it covers.
            int width = c == 0 ? before.width() : before.sampling().chromaWidth(before.width());
            int height = c == 0 ? before.height() : before.sampling().chromaHeight(before.height());
            JpegCoefficients.Component was = before.components().get(c);
            JpegCoefficients.Component is = after.components().get(c);
            for (int y = 0; y < (height + 7) / 8; y++) {
                for (int x = 0; x < (width + 7) / 8; x++) {
                    for (int i = 0; i < 64; i++) {
                        assertEquals(was.coefficients()[was.blockOffset(x, y) + i], is.coefficients()[is.blockOffset(x, y) + i],
                                "component " + c + " block " + x + "," + y);
                    }
                }
            }
        }
        assertFalse(contains(recoded, 0xDD), "no restart interval");
        assertArrayEquals(Tools.ffmpegDecode(temp, rewritten, format), Tools.ffmpegDecode(temp, recoded, format));
    }

    @Test
    void aCrTableOfItsOwnIsKeptAndWideValuesAreRefused() throws Exception {
        JpegCoefficients picture = Jpeg.coefficients(Tools.ffmpegJpeg(temp, 64, 48, "yuvj420p", 3, 1));
        int[] other = picture.components().get(2).quantization().clone();
        other[0] = 77;
        JpegCoefficients.Component cr = picture.components().get(2);
        JpegCoefficients changed = new JpegCoefficients(picture.width(), picture.height(), picture.sampling(),
                List.of(picture.components().get(0), picture.components().get(1),
                        new JpegCoefficients.Component(cr.blocksAcross(), cr.blocksDown(), cr.coefficients(), other)));
        JpegCoefficients back = Jpeg.coefficients(new JpegEncoder(50).encode(changed));
        assertEquals(77, back.components().get(2).quantization()[0]);
        assertArrayEquals(picture.components().get(1).quantization(), back.components().get(1).quantization());

        other[0] = 256;
        assertThrows(IllegalArgumentException.class, () -> new JpegEncoder(50).encode(changed));
    }

    /** Whether the headers before the scan hold the marker. */
    private static boolean contains(byte[] jpeg, int marker) {
        for (int i = 2; i + 3 < jpeg.length;) {
            int found = jpeg[i + 1] & 0xff;
            if (found == marker) {
                return true;
            }
            if (found == 0xDA) {
                return false;
            }
            i += 2 + (((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff));
        }
        assertTrue(false, "no scan");
        return false;
    }
}
