package nightjar.codec.ogg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes one logical Ogg bitstream (RFC 3533): packets are laced into pages of at most 255
 * segments, continued across pages when larger, each page checksummed. A page's granule position is
 * that of the last packet completed on it, or -1 when none is. Pages are written only on
 * {@link #flush()}, so the caller decides how much a crash may lose.
 */
public final class OggPageWriter {
    private static final int[] CRC = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int bit = 0; bit < 8; bit++) {
                r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
            }
            CRC[i] = r;
        }
    }

    private record Pending(byte[] data, long granule) {
    }

    private final WritableByteChannel out;
    private final int serial;
    private final Deque<Pending> pending = new ArrayDeque<>();
    /** Bytes of the first pending packet already written on earlier pages. */
    private int firstPacketWritten;
    private int sequence;
    private boolean first = true;
    private long lastGranule;
    private long bytesWritten;

    public OggPageWriter(WritableByteChannel out, int serial) {
        this.out = out;
        this.serial = serial;
    }

    /** Queues a packet; it reaches the channel with the next {@link #flush()}. */
    public void packet(byte[] data, long granule) {
        pending.add(new Pending(data, granule));
    }

    /** Writes every queued packet in as many pages as they need. */
    public void flush() throws IOException {
        while (!pending.isEmpty()) {
            writePage(false);
        }
    }

    /** Writes the queued packets with the last page marked end-of-stream (an empty page if none). */
    public void finish() throws IOException {
        do {
            writePage(true);
        } while (!pending.isEmpty());
    }

    public long bytesWritten() {
        return bytesWritten;
    }

    /** The page checksum of RFC 3533 over the first {@code length} bytes (with the checksum field zero). */
    static int crc(byte[] bytes, int length) {
        int crc = 0;
        for (int i = 0; i < length; i++) {
            crc = (crc << 8) ^ CRC[((crc >>> 24) ^ bytes[i]) & 0xff];
        }
        return crc;
    }

    /** Writes one page of what is queued; when {@code finishing}, the page that empties the queue ends the stream. */
    private void writePage(boolean finishing) throws IOException {
        byte[] lacing = new byte[255];
        int segments = 0;
        int bodyLength = 0;
        boolean continued = firstPacketWritten > 0;
        long granule = -1;
        // Which bytes of which packets go on this page.
        Deque<int[]> pieces = new ArrayDeque<>();
        int written = firstPacketWritten;
        for (Pending packet : pending) {
            if (segments == 255) {
                break;
            }
            int remaining = packet.data().length - written;
            int start = written;
            int taken = 0;
            boolean completed = false;
            while (segments < 255) {
                int segment = Math.min(255, remaining - taken);
                lacing[segments++] = (byte) segment;
                taken += segment;
                if (segment < 255) {
                    completed = true;
                    break;
                }
            }
            pieces.add(new int[] {start, taken, completed ? 1 : 0});
            bodyLength += taken;
            if (completed) {
                granule = packet.granule();
                written = 0;
            } else {
                written += taken;
                break;
            }
        }
        int completedPackets = 0;
        for (int[] piece : pieces) {
            completedPackets += piece[2];
        }
        boolean endOfStream = finishing && completedPackets == pending.size();
        ByteBuffer page = ByteBuffer.allocate(27 + segments + bodyLength).order(ByteOrder.LITTLE_ENDIAN);
        page.put(new byte[] {'O', 'g', 'g', 'S', 0});
        page.put((byte) ((continued ? 1 : 0) | (first ? 2 : 0) | (endOfStream ? 4 : 0)));
        page.putLong(granule == -1 && endOfStream && pieces.isEmpty() ? lastGranule : granule);
        page.putInt(serial);
        page.putInt(sequence++);
        page.putInt(0);
        page.put((byte) segments);
        page.put(lacing, 0, segments);
        for (int[] piece : pieces) {
            Pending packet = pending.peekFirst();
            page.put(packet.data(), piece[0], piece[1]);
            if (piece[0] + piece[1] == packet.data().length) {
                pending.removeFirst();
                lastGranule = packet.granule();
            }
        }
        firstPacketWritten = written;
        byte[] bytes = page.array();
        page.putInt(22, crc(bytes, bytes.length));
        page.flip();
        while (page.hasRemaining()) {
            out.write(page);
        }
        bytesWritten += bytes.length;
        first = false;
    }
}
