package nightjar.codec.theora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nightjar.codec.testing.OggPages;

/** The Theora-in-Ogg mapping (spec appendix A) and the identification header, read field by field. */
class TheoraMappingTest {
    @TempDir
    Path temp;

    @Test
    void headersStandAloneAndGranulesCountFramesFromTheKeyframe() throws Exception {
        List<byte[]> jpegs = Clips.read(Clips.jpegFrames(temp, 322, 242, "yuvj420p", 3, 12));
        Path clip = temp.resolve("mapping.ogg");
        TheoraOptions options = new TheoraOptions(10, 90, 1, 0, 4.0, Map.of("CAMERA", "front"));
        try (TheoraOggWriter writer = Clips.writer(clip, options)) {
            for (int i = 0; i < jpegs.size(); i++) {
                writer.write(jpegs.get(i), i * 100_000_000L);
            }
        }
        List<OggPages.Page> pages = OggPages.parse(Files.readAllBytes(clip));
        OggPages.Page first = pages.get(0);
        assertEquals(2, first.flags(), "BOS");
        assertEquals(1, first.pieces().size(), "the identification header alone");
        byte[] identification = first.pieces().get(0);
        assertEquals(42, identification.length);
        assertEquals(0x80, identification[0] & 0xff);
        assertEquals("theora", new String(identification, 1, 6, StandardCharsets.US_ASCII));
        assertEquals(3, identification[7]);
        assertEquals(2, identification[8]);
        assertEquals(1, identification[9]);
        assertEquals(21, u16(identification, 10), "FMBW: 322 pixels in 21 macroblocks");
        assertEquals(16, u16(identification, 12), "FMBH");
        assertEquals(322, u24(identification, 14));
        assertEquals(242, u24(identification, 17));
        assertEquals(0, identification[20]);
        assertEquals(16 * 16 - 242, identification[21], "PICY counts from the bottom");
        assertEquals(10, u32(identification, 22));
        assertEquals(1, u32(identification, 26));

        OggPages.Page second = pages.get(1);
        assertEquals(2, second.pieces().size(), "comment and setup headers");
        assertEquals(0x81, second.pieces().get(0)[0] & 0xff);
        assertTrue(new String(second.pieces().get(0), StandardCharsets.UTF_8).contains("CAMERA=front"));
        assertEquals(0x82, second.pieces().get(1)[0] & 0xff);
        assertEquals(0, first.granule());
        assertEquals(0, second.granule());

        // One page a frame (flushMillis 0); a keyframe every second (10 frames), KFGSHIFT 6.
        int shift = 6;
        for (int frame = 0; frame < 12; frame++) {
            long granule = pages.get(2 + frame).granule();
            long keyframe = frame / 10 * 10;
            assertEquals(((keyframe + 1) << shift) | (frame - keyframe), granule, "granule of frame " + frame);
        }
        assertEquals(4, pages.get(pages.size() - 1).flags() & 4, "EOS");
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static int u24(byte[] b, int at) {
        return ((b[at] & 0xff) << 16) | ((b[at + 1] & 0xff) << 8) | (b[at + 2] & 0xff);
    }

    private static long u32(byte[] b, int at) {
        return ((long) (b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }
}
