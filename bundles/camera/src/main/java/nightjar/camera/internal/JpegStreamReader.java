package nightjar.camera.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts a byte stream into JPEG pictures by their markers: concatenated JPEGs (what {@code rpicam-vid
 * --codec mjpeg}, GStreamer's {@code jpegenc ! fdsink} and ffmpeg's {@code -f mjpeg} write), and also a
 * multipart MJPEG stream, whose part headers are skipped as bytes between pictures. A picture is
 * followed segment by segment from its start of image to its end of image, so a thumbnail inside an
 * APP segment does not end it. Bytes that are not inside a picture are skipped; a picture larger than
 * the limit is dropped and counted, and reading goes on at the next start of image. One reading thread.
 */
final class JpegStreamReader {
    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;

    private final InputStream in;
    private final int maxBytes;
    private byte[] buffer = new byte[64 * 1024];
    /** The unread bytes are {@code buffer[start, end)}; a picture being followed begins at {@code start}. */
    private int start;
    private int end;
    private long oversized;

    JpegStreamReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** Pictures dropped for their size so far. */
    long oversized() {
        return oversized;
    }

    /** The next picture, from its start to its end of image; null at the end of the stream. */
    byte[] next() throws IOException {
        while (true) {
            if (!toStartOfImage()) {
                return null;
            }
            int length;
            try {
                length = pictureLength();
            } catch (Oversized e) {
                // Entropy-coded data cannot hold a start of image, so the next one is the next picture
                // (or a thumbnail in this one's APP segment, which the size check then drops).
                oversized++;
                start += 2;
                continue;
            }
            if (length < 0) {
                return null;
            }
            if (length == 0) {
                // Not a picture after all (a marker where none can be): look again one byte on.
                start++;
                continue;
            }
            byte[] picture = Arrays.copyOfRange(buffer, start, start + length);
            start += length;
            return picture;
        }
    }

    /** Skips to the next FF D8; false at the end of the stream. */
    private boolean toStartOfImage() throws IOException {
        while (true) {
            for (int i = start; i + 1 < end; i++) {
                if (buffer[i] == (byte) 0xFF && buffer[i + 1] == (byte) SOI) {
                    start = i;
                    return true;
                }
            }
            // Keep a last FF: its D8 may be in the next read.
            start = end > start && buffer[end - 1] == (byte) 0xFF ? end - 1 : end;
            if (!fill(2)) {
                return false;
            }
        }
    }

    /**
     * The length of the picture at {@code start} through its end of image: -1 when the stream ends
     * first, 0 when the bytes are not a picture.
     */
    private int pictureLength() throws IOException {
        int at = 2;
        while (true) {
            if (!fill(at + 2)) {
                return -1;
            }
            if (byteAt(at) != 0xFF) {
                return 0;
            }
            int marker = byteAt(at + 1);
            if (marker == 0xFF) {
                at++;
            } else if (marker == EOI) {
                return at + 2;
            } else if (marker == SOI || marker == 0x00) {
                return 0;
            } else if (marker >= 0xD0 && marker <= 0xD7 || marker == 0x01) {
                at += 2;
            } else {
                if (!fill(at + 4)) {
                    return -1;
                }
                int length = byteAt(at + 2) << 8 | byteAt(at + 3);
                if (length < 2) {
                    return 0;
                }
                at += 2 + length;
                if (marker == SOS) {
                    at = afterEntropyCodedData(at);
                    if (at < 0) {
                        return -1;
                    }
                }
            }
        }
    }

    /** Where the marker after a scan's entropy-coded data begins (stuffed FF 00 and restarts are data). */
    private int afterEntropyCodedData(int from) throws IOException {
        int at = from;
        while (true) {
            if (!fill(at + 2)) {
                return -1;
            }
            int i = start + at;
            int last = end - 1;
            while (i < last && buffer[i] != (byte) 0xFF) {
                i++;
            }
            at = i - start;
            if (i >= last) {
                continue;
            }
            int next = buffer[i + 1] & 0xFF;
            if (next == 0x00 || next >= 0xD0 && next <= 0xD7) {
                at += 2;
            } else if (next == 0xFF) {
                at++;
            } else {
                return at;
            }
        }
    }

    private int byteAt(int offset) {
        return buffer[start + offset] & 0xFF;
    }

    /** Makes {@code needed} bytes from {@code start} readable; false at the end of the stream. */
    private boolean fill(int needed) throws IOException {
        if (needed > maxBytes) {
            throw new Oversized();
        }
        while (end - start < needed) {
            if (start + needed > buffer.length) {
                byte[] target = needed > buffer.length ? new byte[Math.max(buffer.length * 2, needed)] : buffer;
                System.arraycopy(buffer, start, target, 0, end - start);
                buffer = target;
                end -= start;
                start = 0;
            }
            int read = in.read(buffer, end, buffer.length - end);
            if (read < 0) {
                return false;
            }
            end += read;
        }
        return true;
    }

    /** A picture beyond the limit: dropped, without a stack trace. */
    private static final class Oversized extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Oversized() {
            super(null, null, false, false);
        }
    }
}
