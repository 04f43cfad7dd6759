package nightjar.bench;

import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import nightjar.codec.jpeg.Jpeg;
import nightjar.codec.jpeg.JpegEncoder;
import nightjar.codec.jpeg.LumaThumbnail;
import nightjar.codec.jpeg.Sampling;
import nightjar.codec.jpeg.YCbCrImage;
import nightjar.codec.theora.TheoraOggWriter;
import nightjar.codec.theora.TheoraOptions;

/**
 * Frames per second on one core: DC thumbnails, full JPEG decodes, and the MJPEG to Ogg/Theora
 * transcode of a still scene with a moving subject (what a security camera records).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// The appliance runs the serial collector (bin/nightjar); G1 would also compete for the second core here.
@Fork(value = 1, jvmArgsAppend = "-XX:+UseSerialGC")
public class CodecBenchmark {
    private static final int FRAMES = 60;

    @Param({"640x480", "1280x720"})
    public String size;

    /** Encoder settings as quality/skip threshold: the defaults, and the point compared with libtheora. */
    @Param({"70/9", "50/16"})
    public String settings;

    private byte[][] jpegs;
    private int next;
    private long captureNanos;
    private TheoraOggWriter writer;

    @Setup(Level.Trial)
    public void makeFrames() {
        jpegs = sceneJpegs(size, FRAMES);
    }

    /** Width and height from a size parameter such as {@code 640x480}. */
    public static int[] dimensions(String size) {
        int x = size.indexOf('x');
        return new int[] {Integer.parseInt(size.substring(0, x)), Integer.parseInt(size.substring(x + 1))};
    }

    /** The first frames of the {@link #scene} at a size such as {@code 640x480}, as JPEGs of quality 80. */
    public static byte[][] sceneJpegs(String size, int frames) {
        int[] dimensions = dimensions(size);
        JpegEncoder encoder = new JpegEncoder(80);
        byte[][] jpegs = new byte[frames][];
        for (int f = 0; f < frames; f++) {
            jpegs[f] = encoder.encode(scene(dimensions[0], dimensions[1], f));
        }
        return jpegs;
    }

    @Setup(Level.Iteration)
    public void openClip() {
        int quality = Integer.parseInt(settings.substring(0, settings.indexOf('/')));
        double skip = Double.parseDouble(settings.substring(settings.indexOf('/') + 1));
        writer = TheoraOggWriter.open(new Discard(), new TheoraOptions(15, quality, 10, 1000, skip, java.util.Map.of()));
        next = 0;
        captureNanos = 0;
    }

    @TearDown(Level.Iteration)
    public void closeClip() throws Exception {
        writer.close();
    }

    @Benchmark
    public LumaThumbnail dcThumbnail() throws Exception {
        return Jpeg.lumaThumbnail(jpegs[next++ % FRAMES]);
    }

    @Benchmark
    public YCbCrImage fullDecode() throws Exception {
        return Jpeg.decode(jpegs[next++ % FRAMES]);
    }

    @Benchmark
    public long transcodeToTheora() throws Exception {
        writer.write(jpegs[next++ % FRAMES], captureNanos);
        captureNanos += 1_000_000_000L / 15;
        return captureNanos;
    }

    /**
     * A still room-like background (gradient, large shapes, mild sensor noise that changes from frame
     * to frame) with a bright box crossing it; its JPEGs are about the size a webcam sends (30-40 KB at
     * 640x480, quality 80).
     */
    public static YCbCrImage scene(int width, int height, int frame) {
        return scene(width, height, frame, frame);
    }

    /** The scene with the sensor noise of {@code frame} and the box where it is at {@code boxFrame}. */
    public static YCbCrImage scene(int width, int height, int frame, int boxFrame) {
        YCbCrImage image = YCbCrImage.allocate(width, height, Sampling.YUV420);
        java.util.Random noise = new java.util.Random(frame);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int shape = (x / (width / 8) + y / (height / 6)) % 3 * 25;
                image.y()[y * width + x] = (byte) (40 + x * 60 / width + y * 50 / height + shape + noise.nextInt(12));
            }
        }
        java.util.Arrays.fill(image.cb(), (byte) 120);
        java.util.Arrays.fill(image.cr(), (byte) 135);
        int box = height / 5;
        int left = boxFrame % FRAMES * (width - box) / FRAMES;
        for (int y = height / 3; y < height / 3 + box; y++) {
            for (int x = left; x < left + box; x++) {
                image.y()[y * width + x] = (byte) 230;
            }
        }
        return image;
    }

    /** Counts bytes and drops them. */
    static final class Discard implements WritableByteChannel {
        @Override
        public int write(ByteBuffer source) {
            int n = source.remaining();
            source.position(source.limit());
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
