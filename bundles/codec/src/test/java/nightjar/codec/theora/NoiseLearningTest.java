package nightjar.codec.theora;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nightjar.codec.testing.Tools;

/**
 * The encoder learns a camera's noise: sensor noise on a still scene is not re-coded, while a subject
 * and a change of light still are. Scenes come from ffmpeg (sensor noise as issue 18 measured it:
 * {@code noise=alls=6:allf=t}, JPEGs at -q:v 3), and ffmpeg decodes our clips.
 */
class NoiseLearningTest {
    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;
    private static final int FPS = 15;
    private static final int FRAMES = 120;
    private static final long FRAME_NANOS = 1_000_000_000L / FPS;
    private static final String NOISE = "format=yuv420p,noise=alls=6:allf=t,format=yuvj420p";

    @TempDir
    static Path temp;

    @Test
    void aStillNoisySceneCodesFewBlocksAfterItsFirstSecond() throws Exception {
        Path frames = scene("still", "[0:v]null");
        Path clip = encode(frames);
        List<Integer> packets = packetSizes(clip);
        long afterWarmUp = 0;
        for (int i = FPS; i < packets.size(); i++) {
            afterWarmUp += packets.get(i);
        }
        double perFrame = afterWarmUp / (double) (packets.size() - FPS);
        // Coding every block costs about 2,000 bytes a frame at this size; before the noise was learnt
        // it did. A frame with nothing coded is about 10 bytes.
        assertTrue(perFrame < 150, "bytes per frame after the first second: " + perFrame);
        assertTrue(Files.size(clip) < 40_000, "clip bytes: " + Files.size(clip));
        double psnr = Clips.lumaPsnr(clip, frames, FPS, "yuv420p");
        assertTrue(psnr >= 38, "luma PSNR against the noisy source: " + psnr);
    }

    @Test
    void aMovingSquareIsCodedEveryFrameAndLeavesNoTrail() throws Exception {
        // A 40x40 light square in the noisy still scene that starts moving after a second (the clip's
        // first second shows the keyframe's noise until the mean has settled), 6 pixels a frame.
        Path frames = scene("square",
                "color=c=0xd0d0d0:s=40x40:r=15[sq];[0:v][sq]overlay=x='10+max(0\\,n-15)*6':y=100");
        Path clip = encode(frames);
        byte[] decoded = luma(clip, false);
        byte[] source = luma(frames, true);
        double worstSquare = Double.POSITIVE_INFINITY;
        double worstTrail = Double.POSITIVE_INFINITY;
        int worstFrame = 0;
        for (int n = FPS + 1; n < FRAMES; n++) {
            int left = 10 + (n - FPS) * 6;
            if (left + 40 > WIDTH) {
                break;
            }
            double square = regionPsnr(decoded, source, n, left, 100, 40, 40);
            if (square < worstSquare) {
                worstSquare = square;
                worstFrame = n;
            }
            // Where the square was up to three frames ago: background again.
            worstTrail = Math.min(worstTrail, regionPsnr(decoded, source, n, Math.max(0, left - 18), 100, 18, 40));
        }
        // Where the square overlaps its last coded place its blocks may be skipped and show that
        // frame's noise: about 36.5 dB against this frame. A smear of one step (6 of 40 columns at
        // 60 levels) would be under 20 dB.
        assertTrue(worstSquare >= 35, "worst frame's PSNR on the square: " + worstSquare + " dB, frame " + worstFrame
                + "; behind it: " + worstTrail + " dB");
        assertTrue(worstTrail >= 34, "worst frame's PSNR just behind the square: " + worstTrail);
    }

    @Test
    void aBrightnessStepAndASlowDriftAreCoded() throws Exception {
        // +3 levels at frame 30, then a slow rise of one level every 10 frames: below the noise in
        // every single frame, and before the next keyframe (10 s).
        Path frames = scene("light",
                "[0:v]format=yuv420p,geq=lum='lum(X,Y)+3*gte(N,30)+max(0,N-40)/10':cb='cb(X,Y)':cr='cr(X,Y)'");
        Path clip = encode(frames);
        byte[] decoded = luma(clip, false);
        byte[] source = luma(frames, true);
        for (int n : new int[] {45, FRAMES - 1}) {
            double shift = mean(decoded, n) - mean(source, n);
            assertTrue(Math.abs(shift) < 1.0, "frame " + n + " is " + shift + " levels off the source");
        }
    }

    @Test
    void aRiseOfTheNoiseEverywhereIsLearntWithinTwoSeconds() throws Exception {
        // Weak noise for two seconds, then four times as strong (a camera switching to night mode).
        Path frames = sceneWithNoise("rise", "[0:v]format=yuv420p,split[a][b];[a]noise=alls=2:allf=t[weak];"
                + "[b]noise=alls=8:allf=t[strong];[weak][strong]overlay=enable='gte(n\\,30)',format=yuvj420p");
        List<Integer> packets = packetSizes(encode(frames));
        long settled = 0;
        for (int i = 30 + 2 * FPS; i < packets.size(); i++) {
            settled += packets.get(i);
        }
        double perFrame = settled / (double) (packets.size() - 30 - 2 * FPS);
        assertTrue(perFrame < 150, "bytes per frame two seconds after the noise rose: " + perFrame);
    }

    /** A still gray scene with sensor noise, through {@code filter} before the noise, as JPEGs. */
    private static Path scene(String name, String filter) throws IOException, InterruptedException {
        return sceneWithNoise(name, filter + "," + NOISE);
    }

    /** A still gray scene through {@code filter} (which adds the noise and ends in yuvj420p), as JPEGs. */
    private static Path sceneWithNoise(String name, String filter) throws IOException, InterruptedException {
        Path frames = Files.createDirectories(temp.resolve(name));
        Tools.run(frames, "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "color=c=gray:s=" + WIDTH + "x" + HEIGHT + ":r=" + FPS, "-filter_complex", filter,
                "-frames:v", Integer.toString(FRAMES), "-q:v", "3", "%05d.jpg");
        return frames;
    }

    private static Path encode(Path frames) throws IOException {
        Path clip = frames.resolveSibling(frames.getFileName() + ".ogg");
        List<byte[]> jpegs = Clips.read(frames);
        try (TheoraOggWriter writer = Clips.writer(clip, TheoraOptions.of(FPS))) {
            for (int i = 0; i < jpegs.size(); i++) {
                writer.write(jpegs.get(i), i * FRAME_NANOS);
            }
        }
        return clip;
    }

    private static List<Integer> packetSizes(Path clip) throws IOException, InterruptedException {
        String csv = Tools.run(temp, "ffprobe", "-v", "error", "-select_streams", "v", "-show_entries", "packet=size",
                "-of", "csv=p=0", clip.toString());
        return csv.lines().filter(l -> !l.isBlank()).map(l -> Integer.parseInt(l.trim())).toList();
    }

    /** Every frame's luma in video range: a clip decoded, or JPEG frames mapped from full range. */
    private static byte[] luma(Path input, boolean jpegFrames) throws IOException, InterruptedException {
        Path out = Files.createTempFile(temp, "luma", ".gray");
        if (jpegFrames) {
            Tools.run(temp, "ffmpeg", "-nostdin", "-v", "error", "-y", "-framerate", Integer.toString(FPS), "-i",
                    input.resolve("%05d.jpg").toString(), "-vf", "scale=in_range=full:out_range=limited,format=gray",
                    "-f", "rawvideo", out.toString());
        } else {
            Tools.run(temp, "ffmpeg", "-nostdin", "-v", "error", "-y", "-i", input.toString(), "-vf", "format=gray",
                    "-f", "rawvideo", out.toString());
        }
        byte[] result = Files.readAllBytes(out);
        assertTrue(result.length >= FRAMES * WIDTH * HEIGHT, "frames decoded: " + result.length / (WIDTH * HEIGHT));
        return result;
    }

    private static double regionPsnr(byte[] a, byte[] b, int frame, int left, int top, int width, int height) {
        double squares = 0;
        for (int y = top; y < top + height; y++) {
            int row = frame * WIDTH * HEIGHT + y * WIDTH;
            for (int x = left; x < left + width; x++) {
                int d = (a[row + x] & 0xff) - (b[row + x] & 0xff);
                squares += d * d;
            }
        }
        return squares == 0 ? Double.POSITIVE_INFINITY
                : 10 * Math.log10(255.0 * 255.0 * width * height / squares);
    }

    private static double mean(byte[] luma, int frame) {
        long sum = 0;
        for (int i = frame * WIDTH * HEIGHT; i < (frame + 1) * WIDTH * HEIGHT; i++) {
            sum += luma[i] & 0xff;
        }
        return sum / (double) (WIDTH * HEIGHT);
    }
}
