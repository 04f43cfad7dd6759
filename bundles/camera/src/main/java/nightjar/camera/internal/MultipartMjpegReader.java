package nightjar.camera.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Splits a {@code multipart/x-mixed-replace} body into its JPEG parts, as sent by Nightjar,
 * mjpg-streamer, µStreamer and most IP cameras. Uses each part's Content-Length when present and
 * otherwise scans for the next boundary. Every size is bounded, so a hostile or broken peer gets an
 * {@link IOException}, never an unbounded buffer.
 */
final class MultipartMjpegReader {
    private static final int MAX_LINE = 8 * 1024;
    private static final int MAX_HEADER_LINES = 64;
    /** Bytes of junk tolerated between parts before the stream is declared broken. */
    private static final int MAX_SKIP = 1024 * 1024;
    private static final int END_OF_STREAM = -2;

    private final InputStream in;
    private final byte[] delimiter;
    private final int maxPartBytes;
    private final byte[] line = new byte[MAX_LINE];
    private byte[] part;
    private boolean atPartStart;

    /**
     * @param in the response body, buffered
     * @param boundary the boundary parameter of the Content-Type, with or without leading dashes
     */
    MultipartMjpegReader(InputStream in, String boundary, int maxPartBytes) {
        this.in = in;
        String bare = boundary.startsWith("--") ? boundary.substring(2) : boundary;
        this.delimiter = ("\r\n--" + bare).getBytes(StandardCharsets.ISO_8859_1);
        this.maxPartBytes = maxPartBytes;
        this.part = new byte[Math.min(64 * 1024, maxPartBytes + delimiter.length)];
    }

    /** The boundary named by a Content-Type header, or null if it is not a multipart type. */
    static @Nullable String boundaryOf(@Nullable String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            return null;
        }
        for (String parameter : contentType.split(";")) {
            String trimmed = parameter.trim();
            if (trimmed.regionMatches(true, 0, "boundary=", 0, 9)) {
                String value = trimmed.substring(9).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    /** The next part's body, or null when the stream ended between parts. */
    byte @Nullable [] next() throws IOException {
        if (!atPartStart && !skipToBoundary()) {
            return null;
        }
        atPartStart = false;
        int contentLength = readHeaders();
        if (contentLength == END_OF_STREAM) {
            return null;
        }
        if (contentLength >= 0) {
            if (contentLength > maxPartBytes) {
                throw new IOException("part of " + contentLength + " bytes exceeds the limit of " + maxPartBytes);
            }
            byte[] body = in.readNBytes(contentLength);
            if (body.length < contentLength) {
                throw new EOFException("stream ended inside a part");
            }
            return body;
        }
        return readUntilDelimiter();
    }

    /** Reads lines up to and including the next boundary line; false at a clean end of stream. */
    private boolean skipToBoundary() throws IOException {
        String marker = new String(delimiter, 2, delimiter.length - 2, StandardCharsets.ISO_8859_1);
        int skipped = 0;
        while (true) {
            int length = readLine();
            if (length < 0) {
                return false;
            }
            String text = new String(line, 0, length, StandardCharsets.ISO_8859_1);
            if (text.startsWith(marker)) {
                return !text.startsWith(marker + "--");
            }
            skipped += length + 2;
            if (skipped > MAX_SKIP) {
                throw new IOException("no multipart boundary '" + marker + "' in the first " + MAX_SKIP + " bytes");
            }
        }
    }

    /**
     * Reads a part's header lines; returns its Content-Length, -1 when it has none, or
     * {@link #END_OF_STREAM} when the stream ended cleanly after a delimiter (as mjpg-streamer's do).
     */
    private int readHeaders() throws IOException {
        int contentLength = -1;
        for (int count = 0; count < MAX_HEADER_LINES; count++) {
            int length = readLine();
            if (length < 0) {
                if (count == 0) {
                    return END_OF_STREAM;
                }
                throw new EOFException("stream ended inside part headers");
            }
            if (length == 0) {
                return contentLength;
            }
            String header = new String(line, 0, length, StandardCharsets.ISO_8859_1);
            int colon = header.indexOf(':');
            if (colon > 0 && header.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                try {
                    contentLength = Integer.parseInt(header.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    throw new IOException("bad part Content-Length: " + header);
                }
                if (contentLength < 0) {
                    throw new IOException("bad part Content-Length: " + header);
                }
            }
        }
        throw new IOException("more than " + MAX_HEADER_LINES + " part headers");
    }

    /** Reads a body whose length was not given, up to the delimiter that starts the next part. */
    private byte[] readUntilDelimiter() throws IOException {
        int length = 0;
        int matched = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("stream ended inside a part");
            }
            if (length == part.length) {
                int limit = maxPartBytes + delimiter.length;
                if (length >= limit) {
                    throw new IOException("part without Content-Length exceeds the limit of " + maxPartBytes + " bytes");
                }
                part = Arrays.copyOf(part, Math.min(limit, length * 2));
            }
            part[length++] = (byte) b;
            matched = b == (delimiter[matched] & 0xff) ? matched + 1 : (b == delimiter[0] ? 1 : 0);
            if (matched == delimiter.length) {
                finishBoundaryLine();
                atPartStart = true;
                return Arrays.copyOf(part, length - delimiter.length);
            }
        }
    }

    private void finishBoundaryLine() throws IOException {
        if (readLine() < 0) {
            throw new EOFException("stream ended after a boundary");
        }
    }

    /** Reads one line without its CR LF (or bare LF) into {@link #line}; -1 at end of stream. */
    private int readLine() throws IOException {
        int length = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return length == 0 ? -1 : length;
            }
            if (b == '\n') {
                return length > 0 && line[length - 1] == '\r' ? length - 1 : length;
            }
            if (length == MAX_LINE) {
                throw new IOException("line longer than " + MAX_LINE + " bytes in multipart stream");
            }
            line[length++] = (byte) b;
        }
    }
}
