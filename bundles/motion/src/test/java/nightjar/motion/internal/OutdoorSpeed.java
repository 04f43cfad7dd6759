package nightjar.motion.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import nightjar.codec.jpeg.JpegException;

/**
 * The detector's frames per second of its own thread's CPU time on the outdoor scenes ({@link OutdoorScene}
 * at 640x480 by default), JPEG parsing included: the clip analysed at the default 5 frames per second
 * from its own timestamps, again and again (a fresh detector for each pass, so that every pass learns,
 * settles and sees the figure walk through). Not a test: a main of the test scope, so that it runs on
 * the detector of this tree or, with the main classes of an older revision first on the class path, on
 * that one (it uses only what every revision has: a {@link CameraDetector} fed JPEG bytes).
 *
 * <pre>
 * mvn -o -q -pl bundles/motion -am test-compile
 * java -cp bundles/motion/target/classes:bundles/motion/target/test-classes:bundles/codec/target/classes:... \
 *     nightjar.motion.internal.OutdoorSpeed [scale] [kind...]
 * </pre>
 */
public final class OutdoorSpeed {
    private static final int ROUNDS = 7;
    private static final int PASSES_PER_ROUND = 5;

    private OutdoorSpeed() {
    }

    public static void main(String[] args) throws JpegException {
        int scale = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        List<OutdoorScene.Kind> kinds = args.length > 1
                ? Arrays.stream(args, 1, args.length).map(OutdoorScene.Kind::valueOf).toList()
                : List.of(OutdoorScene.Kind.FOLIAGE, OutdoorScene.Kind.GUST);
        MotionSettings settings = MotionSettings.of(ConfigFile.of(Map.of(), MotionConfig.class));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (OutdoorScene.Kind kind : kinds) {
            List<byte[]> clip = OutdoorScenesTest.scene(kind).render(scale);
            double[] rates = new double[ROUNDS];
            for (int round = -2; round < ROUNDS; round++) {
                long analysed = 0;
                long cpu = 0;
                for (int pass = 0; pass < PASSES_PER_ROUND; pass++) {
                    CameraDetector detector = new CameraDetector(settings);
                    long start = threads.getCurrentThreadCpuTime();
                    for (int i = 0; i < clip.size(); i++) {
                        long nanos = Math.round(i * 1e9 / OutdoorScene.FPS);
                        if (detector.due(nanos)) {
                            byte[] jpeg = clip.get(i);
                            detector.analyse(jpeg, jpeg.length, nanos);
                        }
                    }
                    cpu += threads.getCurrentThreadCpuTime() - start;
                    analysed += detector.analysedFrames();
                }
                if (round >= 0) {
                    rates[round] = analysed / (cpu / 1e9);
                }
            }
            Arrays.sort(rates);
            System.out.printf(Locale.ROOT, "%-8s %dx%d %,8.0f frames per CPU second (min %,.0f, max %,.0f)%n", kind,
                    OutdoorScene.WIDTH * scale, OutdoorScene.HEIGHT * scale, rates[ROUNDS / 2], rates[0],
                    rates[ROUNDS - 1]);
        }
    }
}
