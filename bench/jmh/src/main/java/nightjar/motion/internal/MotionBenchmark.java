package nightjar.motion.internal;

import java.nio.ByteBuffer;
import java.util.Map;
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
import org.openjdk.jmh.annotations.Warmup;

import nightjar.bench.CodecBenchmark;
import nightjar.codec.jpeg.JpegException;
import nightjar.codec.jpeg.LumaThumbnailReader;

/**
 * The motion detector's work per analysed frame on one core, JPEG parsing included, on the codec
 * benchmark's scene (sensor noise and a moving subject, quality 80), with the appliance's defaults.
 * In this package because the detector's classes are the bundle's internals.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseSerialGC")
public class MotionBenchmark {
    private static final int FRAMES = 32;

    @Param({"640x480", "1280x720"})
    public String size;

    private byte[][] frames;
    private CameraDetector detector;
    private LumaThumbnailReader reader;
    private BlockThumbnail blocks;
    private byte[][] shaking;
    private CameraDetector shakingDetector;
    private int next;
    private long nanos;

    @Setup(Level.Trial)
    public void makeFrames() {
        frames = CodecBenchmark.sceneJpegs(size, FRAMES);
        detector = new CameraDetector(MotionSettings.of(ConfigFile.of(Map.of(), MotionConfig.class)));
        reader = new LumaThumbnailReader();
        blocks = new BlockThumbnail();
        shaking = MotionCpuTime.shakingJpegs(size, FRAMES);
        shakingDetector = new CameraDetector(MotionSettings.of(ConfigFile.of(Map.of(), MotionConfig.class)));
    }

    /** Frames per second the detector analyses: thumbnail from the JPEG, model, regions, events. */
    @Benchmark
    public int detect() throws JpegException {
        byte[] jpeg = frames[next++ % FRAMES];
        nanos += 200_000_000L; // 5 analysed frames a second, as configured by default
        return detector.analyse(jpeg, jpeg.length, nanos).ordinal();
    }

    /** Reading the JPEG's DC coefficients alone (what the detector read until issue 19). */
    @Benchmark
    public int thumbnailOnly() throws JpegException {
        byte[] jpeg = frames[next++ % FRAMES];
        reader.read(jpeg, jpeg.length);
        return reader.width();
    }

    /** The share of the detector's work that is reading the JPEG: DC, first AC row and column of each luma block. */
    @Benchmark
    public int blocksOnly() throws JpegException {
        byte[] jpeg = frames[next++ % FRAMES];
        blocks.read(ByteBuffer.wrap(jpeg));
        return blocks.width();
    }

    /** The detector on a camera shaking by up to 3 pixels each way: every frame needs the shift search. */
    @Benchmark
    public int detectShaking() throws JpegException {
        int frame = next++ % FRAMES;
        byte[] jpeg = shaking[frame];
        nanos += 200_000_000L;
        return shakingDetector.analyse(jpeg, jpeg.length, nanos).ordinal();
    }
}
