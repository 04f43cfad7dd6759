package nightjar.codec.ogg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;

/**
 * Reads an Ogg stream's pages (RFC 3533) to find how much of it is intact: for a file whose writing
 * was cut off (a crash, a power cut, a full disk), where the last page that is whole, checksummed,
 * and completes a packet ends. Everything before that decodes; what follows is a torn write.
 */
public final class OggPageScanner {
    private static final int HEADER = 27;
    private static final int MAX_PAGE = HEADER + 255 + 255 * 255;

    /**
     * What an Ogg stream holds up to its last intact page.
     *
     * @param intactBytes where the last whole page that completes a packet ends
     * @param pages whole pages read, up to the first damaged one
     * @param lastGranule the granule position of the last packet completed on an intact page, -1 when none is
     * @param firstPacket the first packet of the stream (a codec's identification header), empty when none is whole
     * @param endOfStream whether the stream's last intact page is marked end-of-stream
     */
    public record Scan(long intactBytes, int pages, long lastGranule, byte[] firstPacket, boolean endOfStream) {
    }

    private OggPageScanner() {
    }

    /** Reads the channel from its start; stops at the first page that is short, malformed or fails its checksum. */
    public static Scan scan(SeekableByteChannel channel) throws IOException {
        ByteBuffer page = ByteBuffer.allocate(MAX_PAGE).order(ByteOrder.LITTLE_ENDIAN);
        long position = 0;
        long intact = 0;
        int pages = 0;
        long lastGranule = -1;
        boolean endOfStream = false;
        byte[] firstPacket = new byte[0];
        boolean firstPacketDone = false;
        channel.position(0);
        while (true) {
            page.clear().limit(HEADER);
            if (!readFully(channel, page) || !capturePattern(page) || page.get(4) != 0) {
                break;
            }
            int segments = page.get(26) & 0xff;
            page.limit(HEADER + segments);
            if (!readFully(channel, page)) {
                break;
            }
            int body = 0;
            for (int i = 0; i < segments; i++) {
                body += page.get(HEADER + i) & 0xff;
            }
            page.limit(HEADER + segments + body);
            if (!readFully(channel, page) || !checksumMatches(page)) {
                break;
            }
            pages++;
            position += page.limit();
            if (!firstPacketDone) {
                // The first packet: the body up to the first lacing value below 255.
                int length = 0;
                int i = 0;
                while (i < segments && (page.get(HEADER + i) & 0xff) == 255) {
                    length += 255;
                    i++;
                }
                if (i < segments) {
                    length += page.get(HEADER + i) & 0xff;
                    firstPacket = Arrays.copyOfRange(page.array(), HEADER + segments, HEADER + segments + length);
                }
                firstPacketDone = true;
            }
            long granule = page.getLong(6);
            if (granule != -1) {
                lastGranule = granule;
                intact = position;
                endOfStream = (page.get(5) & 4) != 0;
            }
        }
        return new Scan(intact, pages, lastGranule, firstPacket, endOfStream);
    }

    private static boolean readFully(SeekableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean capturePattern(ByteBuffer page) {
        return page.get(0) == 'O' && page.get(1) == 'g' && page.get(2) == 'g' && page.get(3) == 'S';
    }

    private static boolean checksumMatches(ByteBuffer page) {
        int stored = page.getInt(22);
        page.putInt(22, 0);
        int computed = OggPageWriter.crc(page.array(), page.limit());
        page.putInt(22, stored);
        return computed == stored;
    }
}
