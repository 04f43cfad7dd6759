package nightjar.camera.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class JpegStreamReaderTest {
    private static final byte[] RED = TestJpegs.make(64, 48, Color.RED);
    private static final byte[] BLUE = TestJpegs.make(64, 48, Color.BLUE);

    @Test
    void concatenatedPicturesComeOutWhole() throws IOException {
        List<byte[]> pictures = readAll(concat(RED, BLUE, RED), 1 << 20);
        assertEquals(3, pictures.size());
        assertArrayEquals(RED, pictures.get(0));
        assertArrayEquals(BLUE, pictures.get(1));
        assertArrayEquals(RED, pictures.get(2));
    }

    @Test
    void aMultipartStreamsHeadersAndGarbageBetweenPicturesAreSkipped() throws IOException {
        byte[] header = "--frame\r\nContent-Type: image/jpeg\r\nContent-Length: 123\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] garbage = {0x12, (byte) 0xFF, 0x00, (byte) 0xFF, (byte) 0xD9, 0x55, (byte) 0xFF};
        List<byte[]> pictures = readAll(concat(garbage, header, RED, "\r\n".getBytes(StandardCharsets.US_ASCII),
                header, BLUE, garbage), 1 << 20);
        assertEquals(2, pictures.size());
        assertArrayEquals(RED, pictures.get(0));
        assertArrayEquals(BLUE, pictures.get(1));
    }

    @Test
    void aThumbnailInAnExifSegmentDoesNotEndThePicture() throws IOException {
        byte[] thumbnail = TestJpegs.make(16, 16, Color.GREEN);
        ByteArrayOutputStream app1 = new ByteArrayOutputStream();
        byte[] payload = concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), thumbnail);
        app1.write(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) ((payload.length + 2) >> 8),
                (byte) (payload.length + 2)});
        app1.write(payload);
        byte[] withThumbnail = concat(new byte[] {(byte) 0xFF, (byte) 0xD8}, app1.toByteArray(),
                java.util.Arrays.copyOfRange(RED, 2, RED.length));
        List<byte[]> pictures = readAll(concat(withThumbnail, BLUE), 1 << 20);
        assertEquals(2, pictures.size());
        assertArrayEquals(withThumbnail, pictures.get(0));
        assertArrayEquals(BLUE, pictures.get(1));
    }

    @Test
    void picturesArrivingAByteAtATimeAreTheSame() throws IOException {
        InputStream trickle = new FilterInputStream(new ByteArrayInputStream(concat(RED, BLUE))) {
            @Override
            public int read(byte[] into, int offset, int length) throws IOException {
                return super.read(into, offset, Math.min(1, length));
            }
        };
        JpegStreamReader reader = new JpegStreamReader(trickle, 1 << 20);
        assertArrayEquals(RED, reader.next());
        assertArrayEquals(BLUE, reader.next());
        assertNull(reader.next());
    }

    @Test
    void aPictureOverTheLimitIsDroppedAndCountedAndTheNextComesThrough() throws IOException {
        byte[] large = TestJpegs.make(640, 480, Color.ORANGE);
        JpegStreamReader reader = new JpegStreamReader(new ByteArrayInputStream(concat(large, RED)), RED.length + 16);
        assertArrayEquals(RED, reader.next());
        assertEquals(1, reader.oversized());
        assertNull(reader.next());
    }

    @Test
    void aPictureCutOffByTheEndOfTheStreamIsNotReturned() throws IOException {
        byte[] cut = java.util.Arrays.copyOf(BLUE, BLUE.length / 2);
        List<byte[]> pictures = readAll(concat(RED, cut), 1 << 20);
        assertEquals(1, pictures.size());
        assertArrayEquals(RED, pictures.get(0));
    }

    @Test
    void aStartOfImageInsideAPictureStartsAgainThere() throws IOException {
        // A child that died mid-picture and was followed by a whole one in the same stream.
        byte[] cut = java.util.Arrays.copyOf(BLUE, 200);
        List<byte[]> pictures = readAll(concat(cut, RED), 1 << 20);
        assertEquals(1, pictures.size());
        assertArrayEquals(RED, pictures.get(0));
    }

    private static List<byte[]> readAll(byte[] stream, int max) throws IOException {
        JpegStreamReader reader = new JpegStreamReader(new ByteArrayInputStream(stream), max);
        List<byte[]> pictures = new ArrayList<>();
        for (byte[] picture = reader.next(); picture != null; picture = reader.next()) {
            pictures.add(picture);
        }
        return pictures;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
