package nightjar.rtsp.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Reads what a client sends on an RTSP connection: requests (RFC 2326) and, between them, interleaved
 * RTP/RTCP packets ('$', channel, length), which are read and dropped (a client's receiver reports).
 * Bounded everywhere: a line, the header block, the number of headers, the body and the time a request
 * may take to arrive; what breaks a bound or the grammar is an {@link RtspException} with the status to
 * answer, never more memory or a crash.
 */
final class RtspReader {
    static final int MAX_LINE = 4096;
    static final int MAX_HEADER_BYTES = 16 * 1024;
    static final int MAX_HEADERS = 64;
    static final int MAX_BODY = 4096;
    static final long MAX_REQUEST_NANOS = 20_000_000_000L;

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern CSEQ = Pattern.compile("[0-9]{1,9}");

    private final InputStream in;
    private final LongSupplier nanos;
    private final byte[] line = new byte[MAX_LINE];

    /** @param in a buffered stream (bytes are read one at a time) */
    RtspReader(InputStream in, LongSupplier nanos) {
        this.in = in;
        this.nanos = nanos;
    }

    /**
     * The next request, after any interleaved packets (each reported to {@code onPacket}).
     *
     * @return null at the end of the stream between requests
     */
    @Nullable RtspRequest next(Runnable onPacket) throws IOException, RtspException {
        int first;
        while (true) {
            first = in.read();
            if (first < 0) {
                return null;
            }
            if (first == '$') {
                skipPacket();
                onPacket.run();
            } else if (first != '\r' && first != '\n') {
                break;
            }
        }
        long started = nanos.getAsLong();
        String requestLine = readLine(first, started);
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || !TOKEN.matcher(parts[0]).matches() || parts[1].isEmpty()) {
            throw new RtspException(400, "the request line is not 'METHOD URI RTSP/1.0'", true);
        }
        if (!parts[2].equals("RTSP/1.0")) {
            throw new RtspException(505, "only RTSP/1.0 is spoken here", true);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int headerBytes = requestLine.length();
        String previous = null;
        while (true) {
            String header = readLine(in.read(), started);
            if (header.isEmpty()) {
                break;
            }
            headerBytes += header.length() + 2;
            if (headerBytes > MAX_HEADER_BYTES) {
                throw new RtspException(400, "headers larger than " + MAX_HEADER_BYTES + " bytes", true);
            }
            if ((header.charAt(0) == ' ' || header.charAt(0) == '\t') && previous != null) {
                headers.merge(previous, header.strip(), (a, b) -> a + " " + b);
                continue;
            }
            int colon = header.indexOf(':');
            if (colon <= 0 || !TOKEN.matcher(header.substring(0, colon)).matches()) {
                throw new RtspException(400, "a header line is not 'Name: value'", true);
            }
            String name = header.substring(0, colon).toLowerCase(Locale.ROOT);
            headers.merge(name, header.substring(colon + 1).strip(), (a, b) -> a + ", " + b);
            previous = name;
            if (headers.size() > MAX_HEADERS) {
                throw new RtspException(400, "more than " + MAX_HEADERS + " headers", true);
            }
        }
        String cseq = headers.get("cseq");
        if (cseq == null || !CSEQ.matcher(cseq).matches()) {
            throw new RtspException(400, "no CSeq, or one that is not a number", true);
        }
        byte[] body = readBody(headers.get("content-length"));
        return new RtspRequest(parts[0], parts[1], Integer.parseInt(cseq), headers, body);
    }

    private byte[] readBody(@Nullable String contentLength) throws IOException, RtspException {
        if (contentLength == null) {
            return new byte[0];
        }
        if (!CSEQ.matcher(contentLength).matches()) {
            throw new RtspException(400, "Content-Length is not a number", true);
        }
        int length = Integer.parseInt(contentLength);
        if (length > MAX_BODY) {
            throw new RtspException(413, "a body larger than " + MAX_BODY + " bytes", true);
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new EOFException("the body was cut off");
        }
        return body;
    }

    private void skipPacket() throws IOException {
        in.read(); // channel
        int high = in.read();
        int low = in.read();
        if (low < 0) {
            throw new EOFException("an interleaved packet was cut off");
        }
        int length = (high << 8) | low;
        in.skipNBytes(length);
    }

    /** A line of printable ASCII (and tabs) ending in CRLF or LF, without its end; {@code first} is its first byte. */
    private String readLine(int first, long started) throws IOException, RtspException {
        int length = 0;
        int b = first;
        while (true) {
            if (b < 0) {
                throw new EOFException("the request was cut off");
            }
            if (b == '\n') {
                break;
            }
            if (b == '\r') {
                b = in.read();
                if (b != '\n') {
                    throw new RtspException(400, "a CR not followed by LF", true);
                }
                break;
            }
            if ((b < 0x20 && b != '\t') || b >= 0x7f) {
                throw new RtspException(400, "a control or non-ASCII character in the request", true);
            }
            if (length == MAX_LINE) {
                throw new RtspException(400, "a line longer than " + MAX_LINE + " bytes", true);
            }
            line[length++] = (byte) b;
            b = in.read();
        }
        if (nanos.getAsLong() - started > MAX_REQUEST_NANOS) {
            throw new RtspException(408, "the request took too long to arrive", true);
        }
        return new String(line, 0, length, StandardCharsets.US_ASCII);
    }
}
