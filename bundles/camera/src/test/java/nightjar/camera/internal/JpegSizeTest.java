package nightjar.camera.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class JpegSizeTest {
    private static final byte[] JPEG = TestJpegs.make(40, 30, Color.GREEN);

    @Test
    void readsTheSizeFromTheStartOfFrame() throws IOException {
        assertArrayEquals(new int[] {123, 45}, JpegSize.of(TestJpegs.make(123, 45, Color.RED)));
        assertArrayEquals(new int[] {1920, 1080}, JpegSize.of(TestJpegs.make(1920, 1080, Color.BLUE)));
    }

    @Test
    void refusesWhatIsNotAJpeg() {
        assertThrows(IOException.class, () -> JpegSize.of(new byte[0]));
        assertThrows(IOException.class, () -> JpegSize.of("GIF89a....".getBytes()));
        byte[] jpeg = TestJpegs.make(16, 16, Color.GREEN);
        assertThrows(IOException.class, () -> JpegSize.of(Arrays.copyOf(jpeg, 25)));
        byte[] broken = jpeg.clone();
        broken[2] = 0x12;
        assertThrows(IOException.class, () -> JpegSize.of(broken));
    }

    @Test
    void refusesADamagedSizeField() throws IOException {
        assertTrue(message(TestJpegs.declaring(JPEG, 60000, 60000)).contains("60000x60000"));
        assertTrue(message(TestJpegs.declaring(JPEG, 8193, 30)).contains("8193x30"));
        assertTrue(message(TestJpegs.declaring(JPEG, 40, 15)).contains("40x15"));
        assertTrue(message(TestJpegs.declaring(JPEG, 0, 30)).contains("0x30"));
        assertTrue(message(TestJpegs.declaring(JPEG, 8192, 8192)).contains("8192x8192"), "over the pixel budget");
        // Any size in range passes: only its persistence can tell a damaged one (SizeFilter).
        assertArrayEquals(new int[] {7680, 4320}, JpegSize.of(TestJpegs.declaring(JPEG, 7680, 4320)));
        assertArrayEquals(new int[] {16, 8192}, JpegSize.of(TestJpegs.declaring(JPEG, 16, 8192)));
    }

    @Test
    void refusesATruncatedJpeg() {
        for (int cut : new int[] {1, 2, 20, JPEG.length / 2}) {
            byte[] truncated = Arrays.copyOf(JPEG, JPEG.length - cut);
            assertTrue(message(truncated).contains("end-of-image"), "cut " + cut + ": " + message(truncated));
        }
    }

    @Test
    void acceptsPaddingAfterTheEndOfImage() throws IOException {
        byte[] padded = Arrays.copyOf(JPEG, JPEG.length + 4);
        padded[JPEG.length] = '\r';
        padded[JPEG.length + 1] = '\n';
        assertArrayEquals(new int[] {40, 30}, JpegSize.of(padded));
    }

    @Test
    void refusesGarbage() {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] garbage = new byte[random.nextInt(4000) + 4];
            random.nextBytes(garbage);
            garbage[0] = (byte) 0xFF;
            garbage[1] = (byte) 0xD8;
            garbage[garbage.length - 2] = (byte) 0xFF;
            garbage[garbage.length - 1] = (byte) 0xD9;
            assertThrows(IOException.class, () -> JpegSize.of(garbage));
        }
        byte[] scrambled = JPEG.clone();
        int sof = TestJpegs.startOfFrame(scrambled);
        scrambled[sof + 3] = 3; // the segment's length
        assertThrows(IOException.class, () -> JpegSize.of(scrambled));
        byte[] noScan = Arrays.copyOf(JPEG, sof + 2 + 17 + 2);
        noScan[noScan.length - 2] = (byte) 0xFF;
        noScan[noScan.length - 1] = (byte) 0xD9;
        assertThrows(IOException.class, () -> JpegSize.of(noScan), "a frame header without a scan is no picture");
    }

    private static String message(byte[] jpeg) {
        return assertThrows(IOException.class, () -> JpegSize.of(jpeg)).getMessage();
    }
}
