package nightjar.rtsp.internal;

/**
 * A picture cut into RTP/JPEG payloads (RFC 2435), once for every client: each payload is a JPEG header
 * (with the restart marker header when there are restart markers, and the quantization tables in the
 * first) and a piece of the scan. A client puts its own RTP header in front of each.
 */
final class RtpJpegPayloads {
    /** RFC 2435's Q for tables sent in-band with every frame. */
    static final int Q_IN_BAND = 255;
    private static final int MAIN_HEADER = 8;
    private static final int RESTART_HEADER = 4;
    private static final int TABLES = 4 + 128;

    private final byte[] data;
    private final byte[][] headers;
    private final int[] offsets;
    private final int[] lengths;
    private final int bytes;

    private RtpJpegPayloads(byte[] data, byte[][] headers, int[] offsets, int[] lengths) {
        this.data = data;
        this.headers = headers;
        this.offsets = offsets;
        this.lengths = lengths;
        int total = 0;
        for (int i = 0; i < headers.length; i++) {
            total += headers[i].length + lengths[i];
        }
        this.bytes = total;
    }

    /**
     * Cuts the scan of a JPEG the payload can carry as it is.
     *
     * @param jpeg the JPEG, owned by the result from now on
     * @param maxPayload the largest payload (an RTP packet less its 12-byte header)
     */
    static RtpJpegPayloads of(byte[] jpeg, JpegLayout layout, int maxPayload) {
        if (layout.reason() != null) {
            throw new IllegalArgumentException("the payload cannot carry it: " + layout.reason());
        }
        boolean restart = layout.type() >= 64;
        int fixed = MAIN_HEADER + (restart ? RESTART_HEADER : 0);
        if (maxPayload < fixed + TABLES + 1) {
            throw new IllegalArgumentException("payloads of " + maxPayload + " bytes are too small");
        }
        int scanLength = layout.scanLength();
        int count = 0;
        for (int sent = 0; sent < scanLength || count == 0; count++) {
            sent += maxPayload - fixed - (sent == 0 ? TABLES : 0);
        }
        byte[][] headers = new byte[count][];
        int[] offsets = new int[count];
        int[] lengths = new int[count];
        int fragmentOffset = 0;
        for (int i = 0; i < count; i++) {
            boolean first = i == 0;
            byte[] header = new byte[fixed + (first ? TABLES : 0)];
            header[1] = (byte) (fragmentOffset >>> 16);
            header[2] = (byte) (fragmentOffset >>> 8);
            header[3] = (byte) fragmentOffset;
            header[4] = (byte) layout.type();
            header[5] = (byte) Q_IN_BAND;
            header[6] = (byte) ((layout.width() + 7) / 8);
            header[7] = (byte) ((layout.height() + 7) / 8);
            int at = MAIN_HEADER;
            if (restart) {
                header[at] = (byte) (layout.restartInterval() >>> 8);
                header[at + 1] = (byte) layout.restartInterval();
                // F and L set, count 0x3FFF: fragments are not aligned to restart intervals.
                header[at + 2] = (byte) 0xFF;
                header[at + 3] = (byte) 0xFF;
                at += RESTART_HEADER;
            }
            if (first) {
                header[at + 3] = (byte) 128;
                System.arraycopy(layout.quantization(), 0, header, at + 4, 128);
            }
            int length = Math.min(maxPayload - header.length, scanLength - fragmentOffset);
            headers[i] = header;
            offsets[i] = layout.scanOffset() + fragmentOffset;
            lengths[i] = length;
            fragmentOffset += length;
        }
        return new RtpJpegPayloads(jpeg, headers, offsets, lengths);
    }

    int count() {
        return headers.length;
    }

    /** The JPEG header of payload i. */
    byte[] header(int i) {
        return headers[i];
    }

    /** The array that holds the scan pieces (read only). */
    byte[] data() {
        return data;
    }

    int offset(int i) {
        return offsets[i];
    }

    int length(int i) {
        return lengths[i];
    }

    /** Payload bytes of all packets together. */
    int bytes() {
        return bytes;
    }
}
