package nightjar.camera.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class MultipartMjpegReaderTest {
    private static final byte[] A = jpegLike(1000, 1);
    private static final byte[] B = jpegLike(3000, 2);

    /** Bytes that look like a JPEG and contain CR LF and dashes, to trip a naive scanner. */
    private static byte[] jpegLike(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xD8;
        System.arraycopy("\r\n--bound".getBytes(StandardCharsets.US_ASCII), 0, bytes, 100, 9);
        return bytes;
    }

    private static byte[] stream(boolean withLength, String boundary, byte[]... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("--".getBytes(StandardCharsets.US_ASCII));
        out.write((boundary + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] part : parts) {
            String headers = "Content-Type: image/jpeg\r\n"
                    + (withLength ? "Content-Length: " + part.length + "\r\n" : "")
                    + "X-Timestamp: 1.000000\r\n\r\n";
            out.write(headers.getBytes(StandardCharsets.US_ASCII));
            out.write(part);
            out.write(("\r\n--" + boundary + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    private static MultipartMjpegReader reader(byte[] stream, String boundary, int max) {
        return new MultipartMjpegReader(new ByteArrayInputStream(stream), boundary, max);
    }

    @Test
    void readsPartsByContentLength() throws IOException {
        MultipartMjpegReader reader = reader(stream(true, "boundarydonotcross", A, B), "boundarydonotcross", 10_000);
        assertArrayEquals(A, reader.next());
        assertArrayEquals(B, reader.next());
        assertNull(reader.next());
    }

    @Test
    void readsPartsWithoutContentLengthByScanningForTheBoundary() throws IOException {
        MultipartMjpegReader reader = reader(stream(false, "boundary", A, B), "--boundary", 10_000);
        assertArrayEquals(A, reader.next());
        assertArrayEquals(B, reader.next());
        assertNull(reader.next());
    }

    @Test
    void skipsAPreambleBeforeTheFirstBoundary() throws IOException {
        byte[] preamble = "junk\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] body = stream(true, "boundary", A);
        byte[] withPreamble = new byte[preamble.length + body.length];
        System.arraycopy(preamble, 0, withPreamble, 0, preamble.length);
        System.arraycopy(body, 0, withPreamble, preamble.length, body.length);
        assertArrayEquals(A, reader(withPreamble, "boundary", 10_000).next());
    }

    @Test
    void refusesPartsOverTheLimit() throws IOException {
        assertThrows(IOException.class, () -> reader(stream(true, "boundary", B), "boundary", 2000).next());
        assertThrows(IOException.class, () -> reader(stream(false, "boundary", B), "boundary", 2000).next());
    }

    @Test
    void aTruncatedPartIsAnError() throws IOException {
        byte[] body = stream(true, "boundary", B);
        byte[] cut = Arrays.copyOf(body, body.length - 1000);
        assertThrows(EOFException.class, () -> reader(cut, "boundary", 10_000).next());
    }

    @Test
    void aBadContentLengthIsAnError() {
        byte[] body = "--b\r\nContent-Length: lots\r\n\r\nxx".getBytes(StandardCharsets.US_ASCII);
        IOException e = assertThrows(IOException.class, () -> reader(body, "b", 10_000).next());
        assertEquals("bad part Content-Length: Content-Length: lots", e.getMessage());
    }

    @Test
    void aStreamWithoutBoundaryIsAnErrorAfterABoundedSkip() {
        byte[] noise = new byte[2 * 1024 * 1024];
        Arrays.fill(noise, (byte) 'x');
        for (int i = 100; i < noise.length; i += 100) {
            noise[i] = '\n';
        }
        assertThrows(IOException.class, () -> reader(noise, "b", 10_000).next());
    }

    @Test
    void findsTheBoundaryInContentTypes() {
        assertEquals("boundarydonotcross",
                MultipartMjpegReader.boundaryOf("multipart/x-mixed-replace;boundary=boundarydonotcross"));
        assertEquals("--myboundary", MultipartMjpegReader.boundaryOf("multipart/x-mixed-replace; boundary=--myboundary"));
        assertEquals("a b", MultipartMjpegReader.boundaryOf("Multipart/X-Mixed-Replace; charset=x; Boundary=\"a b\""));
        assertNull(MultipartMjpegReader.boundaryOf("image/jpeg"));
        assertNull(MultipartMjpegReader.boundaryOf("multipart/x-mixed-replace"));
        assertNull(MultipartMjpegReader.boundaryOf(null));
    }
}
