package nightjar.codec.ogg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.util.List;

import org.junit.jupiter.api.Test;

import nightjar.codec.testing.OggPages;
import nightjar.codec.testing.OggPages.Page;

/** Pages as RFC 3533 lays them out, read back by a parser written from the RFC. */
class OggPageWriterTest {
    @Test
    void packetsAreLacedIntoChecksummedPagesAndSplitAcrossThem() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OggPageWriter writer = new OggPageWriter(Channels.newChannel(out), 1234);
        byte[] header = new byte[42];
        writer.packet(header, 0);
        writer.flush();
        byte[] exact = new byte[510]; // a multiple of 255 needs a closing 0 lacing value
        byte[] large = new byte[255 * 300]; // more than one page holds
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) i;
        }
        byte[] empty = new byte[0];
        writer.packet(exact, 5);
        writer.packet(large, 6);
        writer.packet(empty, 7);
        writer.finish();

        List<Page> pages = OggPages.parse(out.toByteArray());
        assertEquals(2, pages.get(0).flags(), "the first page begins the stream");
        assertEquals(1, pages.get(0).pieces().size());
        assertEquals(42, pages.get(0).pieces().get(0).length);
        assertEquals(5, pages.get(1).granule(), "a page's granule is its last completed packet's");
        assertEquals(510, pages.get(1).pieces().get(0).length);
        assertTrue(!pages.get(1).lastPieceComplete(), "the large packet starts on this page");
        assertEquals(1, pages.get(2).flags() & 1, "and continues on the next");
        Page last = pages.get(pages.size() - 1);
        assertEquals(4, last.flags() & 4, "the last page ends the stream");
        assertEquals(7, last.granule());
        ByteArrayOutputStream reassembled = new ByteArrayOutputStream();
        for (int p = 1; p < pages.size(); p++) {
            for (byte[] piece : pages.get(p).pieces()) {
                reassembled.writeBytes(piece);
            }
        }
        assertEquals(510 + large.length, reassembled.size());
        for (int i = 0; i < pages.size(); i++) {
            assertEquals(i, pages.get(i).sequence());
        }
    }

    @Test
    void finishingWithNothingQueuedWritesAnEmptyEndOfStreamPage() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OggPageWriter writer = new OggPageWriter(Channels.newChannel(out), 1);
        writer.packet(new byte[10], 3);
        writer.flush();
        writer.finish();
        List<Page> pages = OggPages.parse(out.toByteArray());
        assertEquals(2, pages.size());
        assertEquals(4, pages.get(1).flags() & 4);
        assertEquals(3, pages.get(1).granule());
        assertEquals(out.size(), writer.bytesWritten());
    }
}
