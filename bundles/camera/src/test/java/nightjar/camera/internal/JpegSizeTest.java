package nightjar.camera.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.io.IOException;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class JpegSizeTest {
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
}
