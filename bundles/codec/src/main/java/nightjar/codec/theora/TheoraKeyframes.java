package nightjar.codec.theora;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the keyframes of a Theora stream in Ogg begin: a player that reads on from such a place decodes
 * right pictures from that keyframe on. Ogg has no index of its own, so without one a player seeks by
 * bisecting the file on the granule positions it finds, and ogv.js (the recordings player) gets that wrong
 * in ways that show another moment of the clip.
 *
 * <p>Only page headers and the first byte of each video packet are read, not the pictures: a clip of ten
 * minutes is some thousands of small reads.
 */
public final class TheoraKeyframes {
    private static final int HEADER = 27;
    private static final int CAPTURE_PATTERN = 0x5367674f; // "OggS", little-endian
    private static final int HEADER_PACKETS = 3;

    /**
     * One keyframe.
     *
     * @param frame its frame number, from 0
     * @param seconds when it begins, in video time
     * @param offset where the page on which its packet begins starts
     */
    public record Keyframe(long frame, double seconds, long offset) {
    }

    private TheoraKeyframes() {
    }

    /**
     * The keyframes of the file's first logical stream, in order; empty when that is not Theora. Reading
     * stops at the first page that is malformed or not whole (a clip cut off by a crash).
     */
    public static List<Keyframe> scan(SeekableByteChannel channel) throws IOException {
        List<Keyframe> keyframes = new ArrayList<>();
        ByteBuffer header = ByteBuffer.allocate(HEADER + 255).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer firstByte = ByteBuffer.allocate(1);
        long rateNumerator = 1;
        long rateDenominator = 0;
        int serial = 0;
        long packets = 0;
        long position = 0;
        long size = channel.size();
        while (true) {
            header.clear().limit(HEADER);
            if (!read(channel, position, header) || header.getInt(0) != CAPTURE_PATTERN || header.get(4) != 0) {
                break;
            }
            int segments = header.get(26) & 0xff;
            header.limit(HEADER + segments);
            if (!read(channel, position, header)) {
                break;
            }
            long body = 0;
            for (int i = 0; i < segments; i++) {
                body += header.get(HEADER + i) & 0xff;
            }
            if (position + HEADER + segments + body > size) {
                break;
            }
            if (position == 0) {
                serial = header.getInt(14);
            }
            boolean ours = header.getInt(14) == serial;
            boolean starts = (header.get(5) & 1) == 0; // not the rest of a packet begun on an earlier page
            long at = position + HEADER + segments;
            for (int i = 0; i < segments; i++) {
                int lacing = header.get(HEADER + i) & 0xff;
                if (starts && ours) {
                    if (packets == 0) {
                        ByteBuffer identification = ByteBuffer.allocate(lacing);
                        if (!read(channel, at, identification)) {
                            return keyframes;
                        }
                        try {
                            TheoraIdentification theora = TheoraIdentification.parse(identification.array());
                            rateNumerator = theora.frameRateNumerator();
                            rateDenominator = theora.frameRateDenominator();
                        } catch (IllegalArgumentException notTheora) {
                            return keyframes;
                        }
                    } else if (packets >= HEADER_PACKETS && lacing > 0) {
                        // A frame's first bit is 0 (not a header), its second 0 for an intra frame.
                        if (!read(channel, at, firstByte.clear())) {
                            return keyframes;
                        }
                        if ((firstByte.get(0) & 0xc0) == 0) {
                            long frame = packets - HEADER_PACKETS;
                            keyframes.add(new Keyframe(frame, frame * (double) rateDenominator / rateNumerator,
                                    position));
                        }
                    }
                    packets++;
                }
                at += lacing;
                starts = lacing < 255;
            }
            position = at;
        }
        return keyframes;
    }

    /**
     * Fills the rest of the buffer from the channel, its index 0 being the channel's {@code position}; false
     * when the channel ends first.
     */
    private static boolean read(SeekableByteChannel channel, long position, ByteBuffer buffer) throws IOException {
        channel.position(position + buffer.position());
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                return false;
            }
        }
        return true;
    }
}
