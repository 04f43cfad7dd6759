package nightjar.rtsp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nightjar.codec.jpeg.Sampling;

/** The RTP/JPEG payloads of RFC 2435: the JPEG header, restart marker header, in-band tables, fragments. */
class RtpJpegPayloadsTest {
    @TempDir
    static Path temp;

    @Test
    void a420FrameGoesAsItIsWithItsTablesInTheFirstPacket() throws Exception {
        byte[] jpeg = Pictures.ours(640, 480, Sampling.YUV420, 1);
        JpegLayout layout = JpegLayout.of(jpeg, false);
        assertNull(layout.reason());
        assertEquals(1, layout.type());
        RtpJpegPayloads payloads = RtpJpegPayloads.of(jpeg, layout, 1400 - Rtp.HEADER);

        byte[] first = payloads.header(0);
        assertEquals(8 + 4 + 128, first.length);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 1, (byte) 255, (byte) 80, (byte) 60}, Arrays.copyOf(first, 8),
                "type-specific, offset 0, type 1, Q 255, 640/8, 480/8");
        assertArrayEquals(new byte[] {0, 0, 0, (byte) 128}, Arrays.copyOfRange(first, 8, 12), "MBZ, precision 0, 128 bytes");
        assertArrayEquals(dqtTables(jpeg), Arrays.copyOfRange(first, 12, 140), "luma then chroma, zig-zag, as in DQT");

        ByteArrayOutputStream scan = new ByteArrayOutputStream();
        for (int i = 0; i < payloads.count(); i++) {
            byte[] header = payloads.header(i);
            int offset = ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
            assertEquals(scan.size(), offset, "fragment offset of packet " + i);
            assertTrue(header.length + payloads.length(i) <= 1400 - Rtp.HEADER, "packet " + i + " fits");
            if (i > 0) {
                assertEquals(8, header.length, "tables only in the first packet");
                assertArrayEquals(Arrays.copyOfRange(first, 4, 8), Arrays.copyOfRange(header, 4, 8));
            }
            scan.write(payloads.data(), payloads.offset(i), payloads.length(i));
        }
        assertArrayEquals(scanOf(jpeg), scan.toByteArray(), "the pieces make up the scan, up to EOI");
    }

    @Test
    void a422FrameIsType0AndOddSizesRoundUpTo8Pixels() throws Exception {
        byte[] jpeg = Pictures.ours(330, 250, Sampling.YUV422, 1);
        JpegLayout layout = JpegLayout.of(jpeg, false);
        assertNull(layout.reason());
        assertEquals(0, layout.type());
        byte[] header = RtpJpegPayloads.of(jpeg, layout, 1000).header(0);
        assertEquals(42, header[6] & 0xff);
        assertEquals(32, header[7] & 0xff);
    }

    @Test
    void restartMarkersGoAsType65WithTheRestartHeaderOrAreRecoded() throws Exception {
        byte[] jpeg = Pictures.cjpeg(temp, 320, 240, "-restart", "3B");
        JpegLayout kept = JpegLayout.of(jpeg, true);
        assertNull(kept.reason());
        assertEquals(65, kept.type());
        RtpJpegPayloads payloads = RtpJpegPayloads.of(jpeg, kept, 600);
        assertTrue(payloads.count() > 1);
        for (int i = 0; i < payloads.count(); i++) {
            byte[] header = payloads.header(i);
            assertEquals(65, header[4] & 0xff);
            assertEquals(3, ((header[8] & 0xff) << 8) | (header[9] & 0xff), "restart interval from DRI");
            assertEquals(0xFFFF, ((header[10] & 0xff) << 8) | (header[11] & 0xff), "F, L and count 0x3FFF");
        }
        assertEquals(8 + 4 + 4 + 128, payloads.header(0).length);

        assertEquals(JpegLayout.Recode.RESTART, JpegLayout.of(jpeg, false).reason());
    }

    @Test
    void aTinyScanIsOnePacketAndTooSmallAPacketIsRefused() throws Exception {
        byte[] jpeg = Pictures.ours(16, 16, Sampling.YUV420, 0);
        JpegLayout layout = JpegLayout.of(jpeg, false);
        RtpJpegPayloads payloads = RtpJpegPayloads.of(jpeg, layout, 1388);
        assertEquals(1, payloads.count());
        assertThrows(IllegalArgumentException.class, () -> RtpJpegPayloads.of(jpeg, layout, 100));
    }

    /** The DQT tables' bytes, in order of definition (luma then chroma for our encoder). */
    private static byte[] dqtTables(byte[] jpeg) {
        ByteArrayOutputStream tables = new ByteArrayOutputStream();
        for (int at = 2; (jpeg[at + 1] & 0xff) != 0xDA;) {
            int length = ((jpeg[at + 2] & 0xff) << 8) | (jpeg[at + 3] & 0xff);
            if ((jpeg[at + 1] & 0xff) == 0xDB) {
                for (int p = at + 4; p < at + 2 + length; p += 65) {
                    tables.write(jpeg, p + 1, 64);
                }
            }
            at += 2 + length;
        }
        return tables.toByteArray();
    }

    private static byte[] scanOf(byte[] jpeg) {
        int at = 2;
        while ((jpeg[at + 1] & 0xff) != 0xDA) {
            at += 2 + (((jpeg[at + 2] & 0xff) << 8) | (jpeg[at + 3] & 0xff));
        }
        int start = at + 2 + (((jpeg[at + 2] & 0xff) << 8) | (jpeg[at + 3] & 0xff));
        return Arrays.copyOfRange(jpeg, start, jpeg.length - 2);
    }
}
