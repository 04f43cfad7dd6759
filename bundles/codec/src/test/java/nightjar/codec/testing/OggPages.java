package nightjar.codec.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** An Ogg page parser written from RFC 3533, checking every page's CRC as it goes. */
public final class OggPages {
    private OggPages() {
    }

    /** A page as read back: flags, granule, sequence, and the packets or packet pieces on it. */
    public record Page(int flags, long granule, int sequence, List<byte[]> pieces, boolean lastPieceComplete) {
    }

    public static List<Page> parse(byte[] stream) {
        List<Page> pages = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN);
        while (in.hasRemaining()) {
            int start = in.position();
            byte[] capture = new byte[4];
            in.get(capture);
            assertArrayEquals("OggS".getBytes(), capture, "capture pattern at " + start);
            assertEquals(0, in.get(), "version");
            int flags = in.get();
            long granule = in.getLong();
            in.getInt(); // serial
            int sequence = in.getInt();
            int crc = in.getInt();
            int segments = in.get() & 0xff;
            int[] lacing = new int[segments];
            int body = 0;
            for (int i = 0; i < segments; i++) {
                lacing[i] = in.get() & 0xff;
                body += lacing[i];
            }
            int end = in.position() + body;
            byte[] page = java.util.Arrays.copyOfRange(stream, start, end);
            page[22] = page[23] = page[24] = page[25] = 0;
            assertEquals(crc, crc(page), "CRC of page " + sequence);
            List<byte[]> pieces = new ArrayList<>();
            ByteArrayOutputStream piece = new ByteArrayOutputStream();
            boolean complete = true;
            for (int length : lacing) {
                byte[] part = new byte[length];
                in.get(part);
                piece.writeBytes(part);
                complete = length < 255;
                if (complete) {
                    pieces.add(piece.toByteArray());
                    piece.reset();
                }
            }
            if (!complete) {
                pieces.add(piece.toByteArray());
            }
            pages.add(new Page(flags, granule, sequence, pieces, complete));
        }
        return pages;
    }

    /** The Ogg CRC, bit by bit from its definition: polynomial 0x04C11DB7, no reflection, no final xor. */
    public static int crc(byte[] data) {
        int crc = 0;
        for (byte b : data) {
            crc ^= (b & 0xff) << 24;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
        }
        return crc;
    }
}
