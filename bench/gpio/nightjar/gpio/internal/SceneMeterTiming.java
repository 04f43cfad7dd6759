package nightjar.gpio.internal;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Random;

import nightjar.api.camera.Frame;
import nightjar.codec.jpeg.JpegEncoder;
import nightjar.codec.jpeg.Sampling;
import nightjar.codec.jpeg.YCbCrImage;

/**
 * CPU of the GPIO bundle's scene-brightness analysis per analysed frame, and of a frame it skips, on
 * one thread, from the thread's CPU time (not wall-clock). The picture is a gradient with bands and
 * sensor noise, JPEG quality 80. Arguments: width height. Run by bench/gpio-scene.sh.
 */
public final class SceneMeterTiming {
    private SceneMeterTiming() {
    }

    public static void main(String[] args) {
        int w = Integer.parseInt(args[0]), h = Integer.parseInt(args[1]);
        YCbCrImage image = YCbCrImage.allocate(w, h, Sampling.YUV420);
        Random random = new Random(1);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++)
            image.y()[y * w + x] = (byte) Math.max(0, Math.min(255, 60 + x * 120 / w + (y / 40 % 2) * 40 + random.nextGaussian() * 8));
        java.util.Arrays.fill(image.cb(), (byte) 128); java.util.Arrays.fill(image.cr(), (byte) 128);
        byte[] jpeg = new JpegEncoder(80).encode(image);
        double[] sink = new double[1];
        SceneMeter meter = new SceneMeter(0, m -> sink[0] = m);   // every frame analysed
        Frame frame = new Frame("front", 0, 0, Instant.EPOCH, w, h, jpeg);
        var bean = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 3000; i++) meter.onFrame(new Frame("front", i, i, Instant.EPOCH, w, h, jpeg));
        int n = 5000;
        long cpu0 = bean.getCurrentThreadCpuTime(), alloc0 = ((com.sun.management.ThreadMXBean) bean).getCurrentThreadAllocatedBytes();
        for (int i = 0; i < n; i++) meter.onFrame(new Frame("front", i, 10_000 + i, Instant.EPOCH, w, h, jpeg));
        long cpu = bean.getCurrentThreadCpuTime() - cpu0;
        long alloc = ((com.sun.management.ThreadMXBean) bean).getCurrentThreadAllocatedBytes() - alloc0;
        // Skipped frames: interval of an hour, so only the first is analysed.
        SceneMeter skipping = new SceneMeter(3_600_000_000_000L, m -> sink[0] = m);
        skipping.onFrame(frame);
        long s0 = bean.getCurrentThreadCpuTime();
        long a0 = ((com.sun.management.ThreadMXBean) bean).getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000_000; i++) skipping.onFrame(frame);
        long skipped = bean.getCurrentThreadCpuTime() - s0;
        long skippedAlloc = ((com.sun.management.ThreadMXBean) bean).getCurrentThreadAllocatedBytes() - a0;
        System.out.printf("%dx%d, %d-byte JPEG: %.3f ms CPU per analysed frame (%d bytes allocated per frame incl. the test's Frame), mean %.1f;"
                + " at one frame per 2 s: %.4f%% of a core; a skipped frame: %.1f ns, %d bytes allocated in 10 million%n",
                w, h, jpeg.length, cpu / 1e6 / n, alloc / n, sink[0], cpu / 1e6 / n / 2000 * 100, skipped / 1e7, skippedAlloc);
    }
}
