package nightjar.codec.theora;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nightjar.codec.ogg.OggPageWriter;
import nightjar.codec.testing.Tools;

/** The keyframe index against ffmpeg's own reading of the same clip. */
class TheoraKeyframesTest {
    private static final long FRAME_25 = 40_000_000L;

    @TempDir
    static Path temp;
    static Path clip;
    static List<TheoraKeyframes.Keyframe> written;

    /** Four seconds at 25 frames/s, a keyframe every second, a camera that missed half a second at 1.6 s. */
    @BeforeAll
    static void writeClip() throws Exception {
        Path frames = Clips.jpegFrames(temp, 320, 240, "yuvj420p", 4, 100);
        List<byte[]> jpegs = Clips.read(frames);
        clip = temp.resolve("keyframes.ogg");
        try (TheoraOggWriter writer = Clips.writer(clip, new TheoraOptions(25, 60, 1, 200, TheoraOptions.DEFAULT_SKIP_THRESHOLD, Map.of()))) {
            for (int i = 0; i < jpegs.size(); i++) {
                if (i < 40 || i >= 52) {
                    writer.write(jpegs.get(i), i * FRAME_25);
                }
            }
            writer.close();
            written = writer.keyframes();
        }
    }

    /** ffprobe's keyframe packets: their time (in frames, the stream's time base) and the page they begin on. */
    @Test
    void theKeyframesAndTheirPagesAreTheOnesFfmpegFinds() throws Exception {
        String packets = Tools.run(temp, "ffprobe", "-v", "error", "-select_streams", "v", "-show_entries",
                "packet=pts,pos,flags", "-of", "csv=p=0", clip.toString());
        List<String> ffmpeg = keyPackets(packets);
        List<TheoraKeyframes.Keyframe> keyframes = scan(clip);
        // Each second, and the missed half second moves the third and fourth: the first frame after a gap
        // longer than the keyframe interval is one.
        assertEquals(List.of(0L, 25L, 52L, 77L), keyframes.stream().map(TheoraKeyframes.Keyframe::frame).toList());
        assertEquals(ffmpeg, keyframes.stream().map(k -> k.frame() + "@" + k.offset()).toList(), packets);
        for (TheoraKeyframes.Keyframe keyframe : keyframes) {
            assertEquals(keyframe.frame() / 25.0, keyframe.seconds(), 1e-9);
        }
        assertEquals(keyframes.stream().map(k -> k.frame() + "@" + k.offset()).toList(),
                written.stream().map(k -> k.frame() + "@" + k.offset()).toList(), "what the writer noted as it wrote them");
        for (int i = 0; i < written.size(); i++) {
            assertEquals(keyframes.get(i).seconds(), written.get(i).seconds(), 1e-9);
        }
    }

    /** Another encoder's clip (libtheora, through ffmpeg), a keyframe every 30 frames: the same as ffprobe finds. */
    @Test
    void theKeyframesOfLibtheorasClipAreTheOnesFfmpegFinds() throws Exception {
        Path libtheora = temp.resolve("libtheora.ogg");
        Tools.run(temp, "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
                "-frames:v", "100", "-c:v", "libtheora", "-g", "30", "-q:v", "6", libtheora.toString());
        String packets = Tools.run(temp, "ffprobe", "-v", "error", "-select_streams", "v", "-show_entries",
                "packet=pts,pos,flags", "-of", "csv=p=0", libtheora.toString());
        assertEquals(List.of(0L, 30L, 60L, 90L), scan(libtheora).stream().map(TheoraKeyframes.Keyframe::frame).toList());
        assertEquals(keyPackets(packets), scan(libtheora).stream().map(k -> k.frame() + "@" + k.offset()).toList(),
                packets);
    }

    /** Read from a keyframe's page on (after the headers), ffmpeg decodes the very pictures it decodes there from the start. */
    @Test
    void readingFromAKeyframesPageDecodesTheSamePictures() throws Exception {
        List<TheoraKeyframes.Keyframe> keyframes = scan(clip);
        byte[] whole = Files.readAllBytes(clip);
        List<String> all = pictureHashes(clip);
        assertEquals(100, all.size());
        long headers = keyframes.get(0).offset();
        for (TheoraKeyframes.Keyframe keyframe : keyframes.subList(1, keyframes.size())) {
            ByteArrayOutputStream cut = new ByteArrayOutputStream();
            cut.write(whole, 0, (int) headers);
            cut.write(whole, (int) keyframe.offset(), whole.length - (int) keyframe.offset());
            Path from = temp.resolve("from-" + keyframe.frame() + ".ogg");
            Files.write(from, cut.toByteArray());
            List<String> decoded = pictureHashes(from);
            assertEquals(all.subList((int) keyframe.frame(), all.size()), decoded,
                    "the pictures read from the page of keyframe " + keyframe.frame());
        }
    }

    @Test
    void aClipCutOffMidPageKeepsTheKeyframesBeforeTheCut() throws Exception {
        List<TheoraKeyframes.Keyframe> keyframes = scan(clip);
        byte[] whole = Files.readAllBytes(clip);
        Path cut = temp.resolve("cut.ogg");
        Files.write(cut, Arrays.copyOf(whole, (int) keyframes.get(3).offset() + 40));
        assertEquals(keyframes.subList(0, 3), scan(cut), "the page cut off is not read");
    }

    @Test
    void anOggStreamOfAnotherCodecHasNoKeyframes() throws Exception {
        Path other = temp.resolve("other.ogg");
        try (FileChannel channel = FileChannel.open(other, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            OggPageWriter ogg = new OggPageWriter(channel, 7);
            ogg.packet("\u0001vorbis and so on, not Theora at all".getBytes(), 0);
            ogg.flush();
            ogg.packet(new byte[] {0, 1, 2}, 1);
            ogg.finish();
        }
        assertEquals(List.of(), scan(other));
        Path noise = temp.resolve("noise.ogg");
        Files.write(noise, "not an Ogg file at all".getBytes());
        assertEquals(List.of(), scan(noise));
    }

    /** ffprobe's key packets ({@code pts,pos,flags} lines) as {@code time@page}. */
    private static List<String> keyPackets(String packets) {
        List<String> keys = new ArrayList<>();
        for (String line : packets.lines().toList()) {
            String[] fields = line.trim().split(",");
            if (fields.length == 3 && fields[2].startsWith("K")) {
                keys.add(fields[0] + "@" + fields[1]);
            }
        }
        return keys;
    }

    private static List<TheoraKeyframes.Keyframe> scan(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            return TheoraKeyframes.scan(channel);
        }
    }

    /** ffmpeg's MD5 of each decoded picture, in order. */
    private static List<String> pictureHashes(Path file) throws Exception {
        String lines = Tools.run(temp, "ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-f", "framemd5",
                "-");
        return lines.lines().filter(l -> !l.startsWith("#")).map(l -> l.substring(l.lastIndexOf(',') + 1).trim())
                .toList();
    }
}
