package nightjar.rtsp.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** RTP and RTCP headers as this server writes them (RFC 3550), for payload type 26, JPEG (RFC 3551). */
final class Rtp {
    static final int HEADER = 12;
    static final int PAYLOAD_TYPE_JPEG = 26;
    /** The RTP clock of video: 90 kHz. */
    static final int CLOCK_RATE = 90_000;
    /** Seconds from 1900 (NTP's epoch) to 1970. */
    private static final long NTP_OFFSET = 2_208_988_800L;

    private Rtp() {
    }

    /** Writes an RTP header at {@code at}. */
    static void header(byte[] into, int at, boolean marker, int sequence, int timestamp, int ssrc) {
        into[at] = (byte) 0x80;
        into[at + 1] = (byte) ((marker ? 0x80 : 0) | PAYLOAD_TYPE_JPEG);
        into[at + 2] = (byte) (sequence >>> 8);
        into[at + 3] = (byte) sequence;
        int32(into, at + 4, timestamp);
        int32(into, at + 8, ssrc);
    }

    /** RTP time of a capture: 90 kHz ticks from the anchor, plus the random base. */
    static int timestamp(int base, long anchorNanos, long captureNanos) {
        return base + (int) Math.floorDiv((captureNanos - anchorNanos) * 9, 100_000L);
    }

    /**
     * An RTCP compound packet: a sender report (the wall-clock time of an RTP timestamp, what was sent) and
     * the SDES CNAME every compound packet must carry.
     */
    static byte[] senderReport(int ssrc, Instant wallClock, int rtpTimestamp, long packets, long octets, String cname) {
        byte[] name = cname.getBytes(StandardCharsets.US_ASCII);
        int nameLength = Math.min(name.length, 255);
        // SDES: header 4, SSRC 4, item type and length 2, the name, an END byte; padded to 32 bits.
        int sdes = (4 + 4 + 2 + nameLength + 1 + 3) / 4 * 4;
        byte[] packet = new byte[28 + sdes];
        packet[0] = (byte) 0x80;
        packet[1] = (byte) 200;
        packet[3] = 6;
        int32(packet, 4, ssrc);
        long seconds = wallClock.getEpochSecond() + NTP_OFFSET;
        long fraction = ((long) wallClock.getNano() << 32) / 1_000_000_000L;
        int32(packet, 8, (int) seconds);
        int32(packet, 12, (int) fraction);
        int32(packet, 16, rtpTimestamp);
        int32(packet, 20, (int) packets);
        int32(packet, 24, (int) octets);
        packet[28] = (byte) 0x81;
        packet[29] = (byte) 202;
        int words = sdes / 4 - 1;
        packet[30] = (byte) (words >>> 8);
        packet[31] = (byte) words;
        int32(packet, 32, ssrc);
        packet[36] = 1;
        packet[37] = (byte) nameLength;
        System.arraycopy(name, 0, packet, 38, nameLength);
        return packet;
    }

    private static void int32(byte[] into, int at, int value) {
        into[at] = (byte) (value >>> 24);
        into[at + 1] = (byte) (value >>> 16);
        into[at + 2] = (byte) (value >>> 8);
        into[at + 3] = (byte) value;
    }
}
