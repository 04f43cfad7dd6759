package nightjar.rtsp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import nightjar.codec.jpeg.Jpeg;
import nightjar.codec.jpeg.Sampling;

/** Frames the payload cannot carry, re-coded with our codec: from coefficients where it can, else decoded. */
class RecodingTest {
    @TempDir
    static Path temp;

    private final RtpJpegForm form = new RtpJpegForm(1400, false, 85);

    @ParameterizedTest
    @CsvSource({"-optimize, HUFFMAN, yuvj420p", "-restart 2, RESTART, yuvj420p", "-grayscale, GREYSCALE, gray"})
    void withoutDecodingThePictureStaysTheCamerasExactly(String options, JpegLayout.Recode reason, String format)
            throws Exception {
        byte[] original = Pictures.cjpeg(temp, 320, 240, options.split(" "));
        assertEquals(reason, JpegLayout.of(original, false).reason());
        assertTrue(!reason.decodes);
        RtpJpegForm.Prepared prepared = form.prepare(original.clone());
        assertEquals(reason, prepared.recoded());
        assertNotNull(prepared.payloads(), prepared.problem());
        byte[] recoded = prepared.payloads().data();
        assertNull(JpegLayout.of(recoded, false).reason());
        assertArrayEquals(Pictures.decode(temp, original, format), Pictures.decode(temp, recoded, format),
                "the same samples, bit for bit");
    }

    @Test
    void chromaAt444IsHalvedFromTheCoefficientsAndLumaStaysExactly() throws Exception {
        byte[] original = Pictures.cjpeg(temp, 322, 242, "-sample", "1x1", "-quality", "90");
        assertEquals(JpegLayout.Recode.SAMPLING, JpegLayout.of(original, false).reason());
        assertTrue(!JpegLayout.Recode.SAMPLING.decodes);
        RtpJpegForm.Prepared prepared = form.prepare(original);
        assertEquals(JpegLayout.Recode.SAMPLING, prepared.recoded());
        byte[] recoded = prepared.payloads().data();
        assertEquals(Sampling.YUV420, Jpeg.coefficients(recoded).sampling());
        assertArrayEquals(Pictures.decode(temp, original, "gray"), Pictures.decode(temp, recoded, "gray"),
                "luma bit for bit");
        // Chroma against the original's own, brought to 4:2:0 by ffmpeg's scaler.
        byte[] before = Pictures.decode(temp, original, "yuvj420p");
        byte[] after = Pictures.decode(temp, recoded, "yuvj420p");
        int luma = 322 * 242;
        byte[] chromaBefore = java.util.Arrays.copyOfRange(before, luma, before.length);
        byte[] chromaAfter = java.util.Arrays.copyOfRange(after, luma, after.length);
        assertTrue(psnr(chromaBefore, chromaAfter) > 35, "chroma PSNR " + psnr(chromaBefore, chromaAfter));
    }

    @Test
    void ffmpegs422LayoutIsWrittenOutAgainExactly() throws Exception {
        Path file = temp.resolve("ffmpeg-422.jpg");
        Pictures.run(temp, java.util.List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=320x240", "-frames:v", "1", "-pix_fmt", "yuvj422p", file.toString()), 60);
        byte[] original = java.nio.file.Files.readAllBytes(file);
        assertEquals(JpegLayout.Recode.SAMPLING, JpegLayout.of(original, false).reason(), "luma 2x2, chroma 1x2");
        byte[] recoded = form.prepare(original).payloads().data();
        assertEquals(0, JpegLayout.of(recoded, false).type(), "type 0: 4:2:2");
        assertArrayEquals(Pictures.decode(temp, original, "yuvj422p"), Pictures.decode(temp, recoded, "yuvj422p"));
    }

    @Test
    void picturesOver2040PixelsAreScaledDownByAWholeFactor() throws Exception {
        byte[] original = Pictures.ours(2592, 1944, Sampling.YUV420, 3);
        assertEquals(JpegLayout.Recode.SIZE, JpegLayout.of(original, false).reason());
        RtpJpegForm.Prepared prepared = form.prepare(original);
        JpegLayout layout = JpegLayout.of(prepared.payloads().data(), false);
        assertEquals(1296, layout.width());
        assertEquals(972, layout.height());
    }

    @Test
    void progressiveFramesAreSkippedWithAReason() throws Exception {
        byte[] original = Pictures.cjpeg(temp, 320, 240, "-progressive");
        RtpJpegForm.Prepared prepared = form.prepare(original);
        assertNull(prepared.payloads());
        assertEquals(JpegLayout.Recode.UNREADABLE, prepared.recoded());
        assertTrue(prepared.problem().contains("progressive"), prepared.problem());
    }

    @Test
    void crQuantizedApartFromCbSharesCbsTable() throws Exception {
        var picture = Jpeg.coefficients(Pictures.ours(64, 48, Sampling.YUV420, 1));
        var shared = Recoder.sharedChromaTable(picture);
        assertArrayEquals(shared.components().get(1).quantization(), shared.components().get(2).quantization());
        assertArrayEquals(picture.components().get(2).coefficients(), shared.components().get(2).coefficients(),
                "the same table changes nothing");
    }

    @Test
    void damagedFramesNeverThrow() throws Exception {
        byte[] good = Pictures.cjpeg(temp, 160, 120, "-optimize");
        Random random = new Random(22);
        for (int i = 0; i < 400; i++) {
            byte[] damaged = good.clone();
            int changes = 1 + random.nextInt(8);
            for (int c = 0; c < changes; c++) {
                damaged[random.nextInt(Math.min(damaged.length, 700))] = (byte) random.nextInt(256);
            }
            if (i % 4 == 0) {
                damaged = java.util.Arrays.copyOf(damaged, random.nextInt(damaged.length));
            }
            RtpJpegForm.Prepared prepared = form.prepare(damaged);
            assertTrue(prepared.payloads() != null || prepared.problem() != null);
        }
        assertThrows(JpegLayout.MalformedJpegException.class, () -> JpegLayout.of(new byte[] {(byte) 0xFF, (byte) 0xD8,
            (byte) 0xFF, (byte) 0xDB, 0x7F, 0}, false));
    }

    private static double psnr(byte[] a, byte[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            int d = (a[i] & 0xff) - (b[i] & 0xff);
            sum += d * d;
        }
        return 10 * Math.log10(255.0 * 255.0 / (sum / a.length));
    }
}
