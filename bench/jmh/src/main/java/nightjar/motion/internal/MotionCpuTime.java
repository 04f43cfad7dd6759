package nightjar.motion.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.jspecify.annotations.Nullable;

import nightjar.bench.CodecBenchmark;
import nightjar.codec.jpeg.JpegEncoder;
import nightjar.codec.jpeg.JpegException;
import nightjar.codec.jpeg.Sampling;
import nightjar.codec.jpeg.YCbCrImage;

/**
 * The detector's frames per second of its own thread's CPU time, on four scenes: unlike JMH's
 * wall-clock figures, these hold on a machine that other work keeps busy. Uses only what every
 * revision of the detector has (a {@link CameraDetector} fed JPEG bytes), so that bench/motion.sh can
 * run it on an older revision for the "before" figures. The scenes:
 * <ul>
 * <li>still: the codec benchmark's scene (mild sensor noise, a box crossing), still camera;
 * <li>noisy: the same with strong sensor noise (a dark room at high gain), larger JPEGs;
 * <li>foliage: leaves swaying over the right third of a textured picture;
 * <li>shaking: the still scene seen through a camera that moves by up to 3 pixels each way between
 *     frames, as the detector takes it (its smooth gradients rarely call for a shift search);
 * <li>shaking, searched: the same with a shift search forced on every frame (a camera shaking all the
 *     time in a detailed scene), where the detector has that switch (not before 2026-12-05).
 * </ul>
 */
public final class MotionCpuTime {
    private static final int FRAMES = 32;
    private static final int ROUNDS = 7;
    private static final int FRAMES_PER_ROUND = 2000;
    /** Only in detectors with a shift search: looked up once, so that older revisions run too. */
    private static final java.lang.reflect.@Nullable Method SEARCHED_SHIFT = searchedShiftMethod();
    private static final String[] SCENES = {"still", "noisy", "foliage", "shaking", "shaking, searched"};

    private MotionCpuTime() {
    }

    public static void main(String[] args) throws JpegException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        String[] sizes = args.length > 0 ? args : new String[] {"640x480", "1280x720"};
        for (String size : sizes) {
            for (String scene : SCENES) {
                byte[][] frames = scene(scene, size);
                CameraDetector detector = new CameraDetector(MotionSettings.of(ConfigFile.of(Map.of(), MotionConfig.class)));
                if (scene.endsWith("searched") && !alwaysSearchShift(detector.model())) {
                    System.out.printf(Locale.ROOT, "%-9s %-8s (this detector cannot force the shift search)%n", size, scene);
                    continue;
                }
                long nanos = 0;
                double[] rates = new double[ROUNDS];
                int searched = 0;
                long bytes = 0;
                for (int round = -3; round < ROUNDS; round++) {
                    long start = threads.getCurrentThreadCpuTime();
                    for (int i = 0; i < FRAMES_PER_ROUND; i++) {
                        byte[] jpeg = frames[i % FRAMES];
                        nanos += 200_000_000L; // 5 analysed frames a second, as configured by default
                        detector.analyse(jpeg, jpeg.length, nanos);
                        if (round >= 0) {
                            searched += searchedShift(detector.model()) ? 1 : 0;
                            bytes += jpeg.length;
                        }
                    }
                    long cpu = threads.getCurrentThreadCpuTime() - start;
                    if (round >= 0) {
                        rates[round] = FRAMES_PER_ROUND / (cpu / 1e9);
                    }
                }
                Arrays.sort(rates);
                int frameCount = ROUNDS * FRAMES_PER_ROUND;
                System.out.printf(Locale.ROOT,
                        "%-9s %-17s %,8.0f frames per CPU second (min %,.0f, max %,.0f), %3.0f%% shift searches, %,d bytes a frame%n",
                        size, scene, rates[ROUNDS / 2], rates[0], rates[ROUNDS - 1], 100.0 * searched / frameCount,
                        bytes / frameCount);
            }
        }
    }

    static byte[][] scene(String scene, String size) {
        return switch (scene) {
            case "still" -> CodecBenchmark.sceneJpegs(size, FRAMES);
            case "noisy" -> noisyJpegs(size, FRAMES);
            case "foliage" -> foliageJpegs(size, FRAMES);
            case "shaking", "shaking, searched" -> shakingJpegs(size, FRAMES);
            default -> throw new IllegalArgumentException(scene);
        };
    }

    /** Whether the last frame was searched for a shift (false where the detector has no shift search). */
    private static boolean searchedShift(MotionModel model) {
        try {
            return SEARCHED_SHIFT != null && (Boolean) SEARCHED_SHIFT.invoke(model);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    private static java.lang.reflect.@Nullable Method searchedShiftMethod() {
        try {
            java.lang.reflect.Method searched = MotionModel.class.getDeclaredMethod("searchedShift");
            searched.setAccessible(true);
            return searched;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** Forces the shift search on every frame through the model's benchmark switch, where it has one. */
    private static boolean alwaysSearchShift(MotionModel model) {
        try {
            java.lang.reflect.Method always = MotionModel.class.getDeclaredMethod("alwaysSearchShift", boolean.class);
            always.setAccessible(true);
            always.invoke(model, true);
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** The codec benchmark's scene seen through a camera that moves by up to 3 pixels each way between frames. */
    static byte[][] shakingJpegs(String size, int count) {
        int[] dimensions = CodecBenchmark.dimensions(size);
        int width = dimensions[0];
        int height = dimensions[1];
        JpegEncoder encoder = new JpegEncoder(80);
        YCbCrImage wide = CodecBenchmark.scene(width + 8, height + 8, 0);
        byte[][] jpegs = new byte[count][];
        for (int f = 0; f < count; f++) {
            jpegs[f] = encoder.encode(cut(wide.y(), width + 8, width, height, shiftX(f), shiftY(f)));
        }
        return jpegs;
    }

    /** The codec benchmark's scene with sensor noise of ±24 levels that changes every frame. */
    private static byte[][] noisyJpegs(String size, int count) {
        int[] dimensions = CodecBenchmark.dimensions(size);
        JpegEncoder encoder = new JpegEncoder(80);
        byte[][] jpegs = new byte[count][];
        for (int f = 0; f < count; f++) {
            YCbCrImage image = CodecBenchmark.scene(dimensions[0], dimensions[1], f);
            Random noise = new Random(1000 + f);
            byte[] y = image.y();
            for (int i = 0; i < y.length; i++) {
                y[i] = (byte) Math.max(0, Math.min(255, (y[i] & 0xff) + noise.nextInt(49) - 24));
            }
            jpegs[f] = encoder.encode(image);
        }
        return jpegs;
    }

    /**
     * A picture of small light and dark shapes (leaves, gravel: detail in every block) whose right third
     * sways by a sine field of up to 5 pixels; still camera.
     */
    private static byte[][] foliageJpegs(String size, int count) {
        int[] dimensions = CodecBenchmark.dimensions(size);
        int width = dimensions[0];
        int height = dimensions[1];
        int worldWidth = width + 16;
        int worldHeight = height + 16;
        byte[] world = texture(worldWidth, worldHeight);
        JpegEncoder encoder = new JpegEncoder(80);
        byte[][] jpegs = new byte[count][];
        for (int f = 0; f < count; f++) {
            YCbCrImage image = cut(world, worldWidth, width, height, 8, 8);
            double t = f / 5.0;
            for (int y = 0; y < height; y++) {
                for (int x = 2 * width / 3; x < width; x++) {
                    int dx = (int) Math.round(5 * Math.sin(2 * Math.PI * t / 2.3 + 0.012 * y + 0.008 * x));
                    int dy = (int) Math.round(2 * Math.sin(2 * Math.PI * t / 1.7 + 0.012 * x));
                    image.y()[y * width + x] = world[(y + 8 + dy) * worldWidth + x + 8 + dx];
                }
            }
            jpegs[f] = encoder.encode(image);
        }
        return jpegs;
    }

    private static byte[] texture(int width, int height) {
        Random random = new Random(31);
        byte[] texture = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                texture[y * width + x] = (byte) (50 + x * 60 / width + y * 40 / height);
            }
        }
        for (int n = 0; n < width * height / 40; n++) {
            int cx = random.nextInt(width);
            int cy = random.nextInt(height);
            int radius = 1 + random.nextInt(4);
            byte value = (byte) (35 + random.nextInt(170));
            for (int y = Math.max(0, cy - radius); y <= Math.min(height - 1, cy + radius); y++) {
                for (int x = Math.max(0, cx - radius); x <= Math.min(width - 1, cx + radius); x++) {
                    texture[y * width + x] = value;
                }
            }
        }
        return texture;
    }

    private static int shiftX(int frame) {
        return (int) Math.round(3 * Math.sin(frame * 1.3)) + 4;
    }

    private static int shiftY(int frame) {
        return (int) Math.round(3 * Math.cos(frame * 0.9)) + 4;
    }

    /** The {@code width x height} window of a luma picture at {@code left, top}, grey chroma. */
    private static YCbCrImage cut(byte[] luma, int lumaWidth, int width, int height, int left, int top) {
        YCbCrImage frame = YCbCrImage.allocate(width, height, Sampling.YUV420);
        for (int y = 0; y < height; y++) {
            System.arraycopy(luma, (y + top) * lumaWidth + left, frame.y(), y * width, width);
        }
        Arrays.fill(frame.cb(), (byte) 128);
        Arrays.fill(frame.cr(), (byte) 128);
        return frame;
    }
}
