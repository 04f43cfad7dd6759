package nightjar.stream.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import nightjar.api.camera.Frame;

/**
 * The bytes around each JPEG of a {@code multipart/x-mixed-replace} stream, in the layout
 * mjpg-streamer made common: the delimiter follows each picture at once, so a browser shows the
 * picture as soon as it has arrived rather than when the next one starts.
 */
final class MultipartPart {
    static final String BOUNDARY = "nightjarframe";
    static final String CONTENT_TYPE = "multipart/x-mixed-replace;boundary=" + BOUNDARY;
    /** Written once, before the first part. */
    static final byte[] PREAMBLE = ("--" + BOUNDARY + "\r\n").getBytes(StandardCharsets.US_ASCII);
    /** Written after every picture: ends it and opens the next part. */
    static final byte[] DELIMITER = ("\r\n--" + BOUNDARY + "\r\n").getBytes(StandardCharsets.US_ASCII);
    /** Room for the longest header {@link #header} can write. */
    static final int MAX_HEADER = 160;

    private MultipartPart() {
    }

    /**
     * Writes a part's headers (ending in the blank line) into {@code buffer} from {@code offset} and
     * returns where they end. The buffer is the caller's to reuse, so nothing is allocated per frame
     * beyond the digits.
     */
    static int header(Frame frame, byte[] buffer, int offset) {
        Instant time = frame.wallClock();
        int length = offset;
        length = put(buffer, length, "Content-Type: image/jpeg\r\nContent-Length: ");
        length = put(buffer, length, Integer.toString(frame.jpegLength()));
        length = put(buffer, length, "\r\nX-Timestamp: ");
        length = put(buffer, length, Long.toString(time.getEpochSecond()));
        buffer[length++] = '.';
        length = putPadded(buffer, length, time.getNano() / 1000, 6);
        length = put(buffer, length, "\r\nX-Sequence: ");
        length = put(buffer, length, Long.toString(frame.sequence()));
        length = put(buffer, length, "\r\n\r\n");
        return length;
    }

    private static int put(byte[] buffer, int at, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            buffer[at + i] = (byte) ascii.charAt(i);
        }
        return at + ascii.length();
    }

    private static int putPadded(byte[] buffer, int at, int value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            buffer[at + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + digits;
    }
}
