package nightjar.motion.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import nightjar.bench.CodecBenchmark;
import nightjar.codec.jpeg.JpegEncoder;
import nightjar.codec.jpeg.JpegException;
import nightjar.codec.jpeg.Sampling;
import nightjar.codec.jpeg.YCbCrImage;

/**
 * The detector's frames per second of its own thread's CPU time, on the scenes of {@link MotionBenchmark}:
 * unlike JMH's wall-clock figures, these hold on a machine that other work keeps busy. Uses only what
 * every revision of the detector has (a {@link CameraDetector} fed JPEG bytes), so that bench/motion.sh
 * can run it on an older revision for the "before" figures.
 */
public final class MotionCpuTime {
    private static final int FRAMES = 32;
    private static final int ROUNDS = 7;
    private static final int FRAMES_PER_ROUND = 3000;

    private MotionCpuTime() {
    }

    public static void main(String[] args) throws JpegException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (String size : new String[] {"640x480", "1280x720"}) {
            for (boolean shaking : new boolean[] {false, true}) {
                byte[][] frames = shaking ? shakingJpegs(size, FRAMES) : CodecBenchmark.sceneJpegs(size, FRAMES);
                CameraDetector detector = new CameraDetector(MotionSettings.of(ConfigFile.of(Map.of(), MotionConfig.class)));
                long nanos = 0;
                double[] rates = new double[ROUNDS];
                for (int round = -3; round < ROUNDS; round++) {
                    long start = threads.getCurrentThreadCpuTime();
                    for (int i = 0; i < FRAMES_PER_ROUND; i++) {
                        byte[] jpeg = frames[i % FRAMES];
                        nanos += 200_000_000L; // 5 analysed frames a second, as configured by default
                        detector.analyse(jpeg, jpeg.length, nanos);
                    }
                    long cpu = threads.getCurrentThreadCpuTime() - start;
                    if (round >= 0) {
                        rates[round] = FRAMES_PER_ROUND / (cpu / 1e9);
                    }
                }
                Arrays.sort(rates);
                System.out.printf(Locale.ROOT, "%-9s %-8s %,8.0f frames per CPU second (min %,.0f, max %,.0f)%n", size,
                        shaking ? "shaking" : "still", rates[ROUNDS / 2], rates[0], rates[ROUNDS - 1]);
            }
        }
    }

    /** The codec benchmark's scene seen through a camera that moves by up to 3 pixels each way between frames. */
    static byte[][] shakingJpegs(String size, int count) {
        String[] dimensions = size.split("x");
        int width = Integer.parseInt(dimensions[0]);
        int height = Integer.parseInt(dimensions[1]);
        JpegEncoder encoder = new JpegEncoder(80);
        YCbCrImage wide = CodecBenchmark.scene(width + 8, height + 8, 0);
        byte[][] jpegs = new byte[count][];
        for (int f = 0; f < count; f++) {
            int dx = (int) Math.round(3 * Math.sin(f * 1.3)) + 4;
            int dy = (int) Math.round(3 * Math.cos(f * 0.9)) + 4;
            YCbCrImage frame = YCbCrImage.allocate(width, height, Sampling.YUV420);
            for (int y = 0; y < height; y++) {
                System.arraycopy(wide.y(), (y + dy) * (width + 8) + dx, frame.y(), y * width, width);
            }
            Arrays.fill(frame.cb(), (byte) 128);
            Arrays.fill(frame.cr(), (byte) 128);
            jpegs[f] = encoder.encode(frame);
        }
        return jpegs;
    }
}
