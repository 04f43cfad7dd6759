package nightjar.codec.theora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import nightjar.codec.jpeg.Jpeg;
import nightjar.codec.jpeg.Sampling;
import nightjar.codec.jpeg.YCbCrImage;
import nightjar.codec.testing.Tools;

/** Our Theora clips as ffmpeg and ffprobe, independent implementations, see them. */
class TheoraOggWriterTest {
    private static final long FRAME_25 = 40_000_000L;

    @TempDir
    static Path temp;

    @ParameterizedTest
    @CsvSource({
        "320, 240, yuvj420p, 2, 90, yuv420p", "322, 242, yuvj420p, 4, 60, yuv420p",
        "334, 202, yuvj422p, 3, 90, yuv422p", "320, 240, yuvj420p, 8, 98, yuv420p",
        "250, 130, yuvj444p, 3, 80, yuv444p"})
    void transcodedJpegsPlayWithTheRightSizeFramesAndDuration(int width, int height, String format, int qscale,
            int quality, String theoraFormat) throws Exception {
        Path frames = Clips.jpegFrames(temp, width, height, format, qscale, 25);
        Path clip = temp.resolve("transcode-" + width + "x" + height + "-" + format + "-" + quality + ".ogg");
        List<byte[]> jpegs = Clips.read(frames);
        try (TheoraOggWriter writer = Clips.writer(clip, TheoraOptions.of(25).withQuality(quality))) {
            for (int i = 0; i < jpegs.size(); i++) {
                writer.write(jpegs.get(i), i * FRAME_25);
            }
            assertEquals(25, writer.statistics().framesEncoded());
        }
        String probe = Clips.probe(clip);
        assertEquals("theora", Clips.field(probe, "codec_name"), probe);
        assertEquals(Integer.toString(width), Clips.field(probe, "width"));
        assertEquals(Integer.toString(height), Clips.field(probe, "height"));
        assertEquals(theoraFormat, Clips.field(probe, "pix_fmt"));
        assertEquals("25", Clips.field(probe, "nb_read_frames"));
        assertEquals(1.0, Double.parseDouble(Clips.field(probe, "duration")), 1e-6);
        assertEquals("", Clips.strictDecode(clip).trim(), "ffmpeg -xerror decodes it without a word");
    }

    @Test
    void theTranscodeKeepsFortyDecibelsAtTheDefaultQuality() throws Exception {
        Path frames = Clips.jpegFrames(temp, 640, 480, "yuvj420p", 2, 50);
        Path clip = temp.resolve("psnr-transcode.ogg");
        List<byte[]> jpegs = Clips.read(frames);
        try (TheoraOggWriter writer = Clips.writer(clip, TheoraOptions.of(25))) {
            for (int i = 0; i < jpegs.size(); i++) {
                writer.write(jpegs.get(i), i * FRAME_25);
            }
        }
        double psnr = Clips.lumaPsnr(clip, frames, 25, "yuv420p");
        assertTrue(psnr >= 40, "luma PSNR " + psnr + " dB");
    }

    @Test
    void thePlanarPathKeepsThirtySixDecibels() throws Exception {
        Path frames = Clips.jpegFrames(temp, 320, 240, "yuvj422p", 2, 25);
        Path clip = temp.resolve("psnr-planar.ogg");
        List<byte[]> jpegs = Clips.read(frames);
        try (TheoraOggWriter writer = Clips.writer(clip, TheoraOptions.of(25))) {
            for (int i = 0; i < jpegs.size(); i++) {
                writer.write(Jpeg.decode(jpegs.get(i)), i * FRAME_25);
            }
        }
        assertEquals("yuv422p", Clips.field(Clips.probe(clip), "pix_fmt"));
        double psnr = Clips.lumaPsnr(clip, frames, 25, "yuv422p");
        assertTrue(psnr >= 36, "luma PSNR " + psnr + " dB");
        assertEquals("", Clips.strictDecode(clip).trim());
    }

    @Test
    void aClipCutOffAnywherePlaysUpToItsLastCompletePage() throws Exception {
        Path frames = Clips.jpegFrames(temp, 160, 120, "yuvj420p", 3, 40);
        Path clip = temp.resolve("whole.ogg");
        List<byte[]> jpegs = Clips.read(frames);
        try (TheoraOggWriter writer = Clips.writer(clip, TheoraOptions.of(25).withFlushMillis(0))) {
            for (int i = 0; i < jpegs.size(); i++) {
                writer.write(jpegs.get(i), i * FRAME_25);
            }
        }
        byte[] whole = Files.readAllBytes(clip);
        int previousFrames = 0;
        for (int cut = whole.length / 5; cut < whole.length; cut += whole.length / 7) {
            Path truncated = temp.resolve("cut-" + cut + ".ogg");
            Files.write(truncated, Arrays.copyOf(whole, cut));
            String decode = Tools.run(temp, "ffmpeg", "-nostdin", "-v", "error", "-i", truncated.toString(), "-f",
                    "null", "-");
            assertEquals("", decode.trim(), "no decoding error when cut at byte " + cut);
            int decoded = Integer.parseInt(Clips.field(Clips.probe(truncated), "nb_read_frames"));
            assertTrue(decoded >= previousFrames && decoded > 0, decoded + " frames when cut at " + cut);
            previousFrames = decoded;
        }
    }

    @Test
    void irregularCaptureTimesKeepTheTimeline() throws Exception {
        List<byte[]> jpegs = Clips.read(Clips.jpegFrames(temp, 160, 120, "yuvj420p", 3, 25));
        Path clip = temp.resolve("timing.ogg");
        // 10 fps clip; captures at 0, 0.1, a 0.5 s stall, 0.61, then two frames 10 ms apart.
        long[] milliseconds = {0, 100, 600, 610, 700, 705, 800};
        try (TheoraOggWriter writer = Clips.writer(clip, TheoraOptions.of(10))) {
            for (int i = 0; i < milliseconds.length; i++) {
                writer.write(jpegs.get(i), 5_000_000_000L + milliseconds[i] * 1_000_000L);
            }
            TheoraOggWriter.Statistics statistics = writer.statistics();
            assertEquals(5, statistics.framesEncoded(), statistics.toString());
            assertEquals(2, statistics.framesDropped(), "610 ms lands in the 600 ms slot; 705 in the 700 ms one");
            assertEquals(4, statistics.framesRepeated(), "slots 200 to 500 ms repeat the picture");
            assertEquals(0.9, statistics.seconds(), 1e-9);
        }
        String probe = Clips.probe(clip);
        assertEquals("9", Clips.field(probe, "nb_read_frames"));
        assertEquals(0.9, Double.parseDouble(Clips.field(probe, "duration")), 1e-6);
        assertEquals("", Clips.strictDecode(clip).trim());
    }

    @Test
    void keyframesComeAtTheConfiguredInterval() throws Exception {
        List<byte[]> jpegs = Clips.read(Clips.jpegFrames(temp, 160, 120, "yuvj420p", 3, 25));
        Path clip = temp.resolve("keyframes.ogg");
        TheoraOptions options = new TheoraOptions(5, 90, 2, 1000, TheoraOptions.DEFAULT_SKIP_THRESHOLD, Map.of());
        try (TheoraOggWriter writer = Clips.writer(clip, options)) {
            for (int i = 0; i < 25; i++) {
                writer.write(jpegs.get(i), i * 200_000_000L);
            }
        }
        String frames = Tools.run(temp, "ffprobe", "-v", "error", "-show_entries", "frame=key_frame", "-of", "csv=p=0",
                clip.toString());
        List<String> flags = frames.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        assertEquals(25, flags.size());
        for (int i = 0; i < 25; i++) {
            assertEquals(i % 10 == 0 ? "1" : "0", flags.get(i), "frame " + i);
        }
    }

    @Test
    void aStillSceneCostsLittleAndSlowChangeCannotPileUp() throws Exception {
        Path clip = temp.resolve("drift.ogg");
        YCbCrImage picture = YCbCrImage.allocate(176, 144, Sampling.YUV420);
        Arrays.fill(picture.cb(), (byte) 120);
        Arrays.fill(picture.cr(), (byte) 136);
        long stillBytes;
        try (TheoraOggWriter writer = Clips.writer(clip, TheoraOptions.of(10))) {
            for (int i = 0; i < 60; i++) {
                // A gradient that brightens by one level a frame: each step is below the skip
                // threshold, but together they are not.
                for (int y = 0; y < 144; y++) {
                    for (int x = 0; x < 176; x++) {
                        picture.y()[y * 176 + x] = (byte) (40 + x / 2 + y / 4 + i);
                    }
                }
                writer.write(picture, i * 100_000_000L);
            }
            stillBytes = writer.statistics().bytesWritten();
        }
        Path last = temp.resolve("drift-last.yuv");
        Tools.run(temp, "ffmpeg", "-nostdin", "-v", "error", "-y", "-i", clip.toString(), "-vf", "select=eq(n\\,59)",
                "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "yuv420p", last.toString());
        byte[] decoded = Files.readAllBytes(last);
        byte[] expected = new byte[176 * 144];
        for (int i = 0; i < expected.length; i++) {
            int full = (picture.y()[i] & 0xff);
            expected[i] = (byte) Math.round(16 + full * 219 / 255.0);
        }
        double psnr = Tools.psnr(decoded, 0, expected, 0, expected.length);
        assertTrue(psnr >= 36, "after 60 small steps the picture is still right: " + psnr + " dB");
        assertTrue(stillBytes > 0);
    }

    @Test
    void closingFromAnotherThreadWhileFramesArriveLeavesAPlayableClip() throws Exception {
        List<byte[]> jpegs = Clips.read(Clips.jpegFrames(temp, 160, 120, "yuvj420p", 3, 25));
        Path clip = temp.resolve("concurrent-close.ogg");
        TheoraOggWriter writer = Clips.writer(clip, TheoraOptions.of(25));
        java.util.concurrent.atomic.AtomicReference<Throwable> writerFailure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CountDownLatch someWritten = new java.util.concurrent.CountDownLatch(10);
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; ; i++) {
                    writer.write(jpegs.get(i % jpegs.size()), i * FRAME_25);
                    someWritten.countDown();
                }
            } catch (IOException expectedOnceClosed) {
                writerFailure.set(expectedOnceClosed);
            } catch (RuntimeException unexpected) {
                writerFailure.set(unexpected);
            }
        });
        producer.start();
        assertTrue(someWritten.await(60, java.util.concurrent.TimeUnit.SECONDS));
        writer.close();
        producer.join(30_000);
        assertTrue(writerFailure.get() instanceof IOException, "the producer is told the clip is closed: "
                + writerFailure.get());
        assertEquals("", Clips.strictDecode(clip).trim());
        assertTrue(Integer.parseInt(Clips.field(Clips.probe(clip), "nb_read_frames")) >= 10);
    }

    @Test
    void aFrameOfAnotherSizeIsRefusedAndTheClipGoesOn() throws Exception {
        Path clip = temp.resolve("sizes.ogg");
        byte[] small = Tools.ffmpegJpeg(temp, 160, 120, "yuvj420p", 3, 0);
        byte[] large = Tools.ffmpegJpeg(temp, 320, 240, "yuvj420p", 3, 0);
        try (TheoraOggWriter writer = Clips.writer(clip, TheoraOptions.of(10))) {
            writer.write(small, 0);
            IOException e = assertThrows(IOException.class, () -> writer.write(large, 100_000_000L));
            assertTrue(e.getMessage().contains("start a new clip"), e.getMessage());
            writer.write(small, 200_000_000L);
        }
        assertEquals("", Clips.strictDecode(clip).trim());
        assertThrows(IOException.class, () -> {
            TheoraOggWriter closed = Clips.writer(temp.resolve("closed.ogg"), TheoraOptions.of(10));
            closed.close();
            closed.write(small, 0);
        });
    }
}
