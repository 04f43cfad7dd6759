package nightjar.codec.jpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import nightjar.codec.testing.Tools;

/** Our JPEGs, read back by ffmpeg and by the JDK's ImageIO. */
class JpegEncoderTest {
    @TempDir
    static Path temp;

    @ParameterizedTest
    @CsvSource({"320, 240, yuvj420p, 90, 38", "322, 242, yuvj420p, 75, 34", "334, 202, yuvj422p, 90, 38",
        "250, 130, yuvj444p, 95, 40"})
    void ffmpegDecodesOurJpegsCloseToTheSource(int width, int height, String format, int quality, double minimumPsnr)
            throws Exception {
        YCbCrImage source = Jpeg.decode(Tools.ffmpegJpeg(temp, width, height, format, 2, 4));
        byte[] ours = new JpegEncoder(quality).encode(source);
        byte[] decoded = Tools.ffmpegDecode(temp, ours, format);
        int luma = width * height;
        int chroma = source.cb().length;
        assertEquals(luma + 2 * chroma, decoded.length);
        double psnr = Tools.psnr(source.y(), 0, decoded, 0, luma);
        assertTrue(psnr >= minimumPsnr, "luma PSNR " + psnr + " dB at quality " + quality);
        assertTrue(Tools.psnr(source.cb(), 0, decoded, luma, chroma) >= minimumPsnr - 3, "Cb");

        BufferedImage read = ImageIO.read(new ByteArrayInputStream(ours));
        assertNotNull(read, "ImageIO reads it");
        assertEquals(width, read.getWidth());
        assertEquals(height, read.getHeight());
        assertEquals(source.sampling(), Jpeg.decode(ours).sampling());
    }

    @Test
    void greyscaleAndQualityScaling() throws Exception {
        YCbCrImage grey = YCbCrImage.allocate(41, 23, Sampling.GREYSCALE);
        for (int i = 0; i < grey.y().length; i++) {
            grey.y()[i] = (byte) (i * 7);
        }
        byte[] small = new JpegEncoder(10).encode(grey);
        byte[] large = new JpegEncoder(98).encode(grey);
        assertTrue(small.length < large.length, small.length + " < " + large.length);
        assertEquals(41 * 23, Tools.ffmpegDecode(temp, large, "gray").length);
        assertArrayEquals(JpegEncoder.scaled(Tables.LUMINANCE_QUANTIZATION, 50), Tables.LUMINANCE_QUANTIZATION);
        assertEquals(8, JpegEncoder.scaled(Tables.LUMINANCE_QUANTIZATION, 75)[0]);
        assertThrows(IllegalArgumentException.class, () -> new JpegEncoder(0));
    }

    @Test
    void aFlatPictureComesBackExactly() throws Exception {
        YCbCrImage flat = YCbCrImage.allocate(48, 32, Sampling.YUV420);
        java.util.Arrays.fill(flat.y(), (byte) 200);
        java.util.Arrays.fill(flat.cb(), (byte) 90);
        java.util.Arrays.fill(flat.cr(), (byte) 160);
        YCbCrImage back = Jpeg.decode(new JpegEncoder(85).encode(flat));
        assertArrayEquals(flat.y(), back.y());
        assertArrayEquals(flat.cb(), back.cb());
        assertArrayEquals(flat.cr(), back.cr());
    }
}
