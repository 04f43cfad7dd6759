package nightjar.capture.v4l2.internal;

import java.nio.ByteBuffer;
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
import nightjar.codec.jpeg.Jpeg;
import nightjar.codec.jpeg.JpegEncoder;
import nightjar.codec.jpeg.JpegException;
import nightjar.codec.jpeg.YCbCrImage;

/**
 * Capture work per frame on one core, from a device buffer in direct memory as V4L2 maps it: the
 * MJPEG pass-through (copy, trim, Huffman tables added) and the YUYV encode (planes, then JPEG).
 * In this package because the capture classes are the bundle's internals.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseSerialGC")
public class CaptureBenchmark {
    @Param({"640x480", "1280x720"})
    public String size;

    private ByteBuffer mjpegBuffer;
    private int mjpegBytes;
    private ByteBuffer yuyvBuffer;
    private YuyvEncoder yuyv;

    @Setup(Level.Trial)
    public void makeBuffers() throws Exception {
        int[] dimensions = CodecBenchmark.dimensions(size);
        int width = dimensions[0];
        int height = dimensions[1];
        YCbCrImage scene = CodecBenchmark.scene(width, height, 7);
        byte[] jpeg = withoutHuffmanTables(new JpegEncoder(80).encode(scene));
        mjpegBytes = jpeg.length + 4096; // webcams pad the buffer after the end marker
        mjpegBuffer = ByteBuffer.allocateDirect(mjpegBytes);
        mjpegBuffer.put(jpeg).clear();
        yuyvBuffer = ByteBuffer.allocateDirect(width * height * 2);
        // The same scene as a camera's YUYV: 4:2:0 chroma repeated down, in limited range.
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x += 2) {
                int at = (y * width + x) * 2;
                int chroma = y / 2 * scene.chromaWidth() + x / 2;
                yuyvBuffer.put(at, limited(scene.y()[y * width + x], 219));
                yuyvBuffer.put(at + 1, limited(scene.cb()[chroma], 224));
                yuyvBuffer.put(at + 2, limited(scene.y()[y * width + x + 1], 219));
                yuyvBuffer.put(at + 3, limited(scene.cr()[chroma], 224));
            }
        }
        yuyv = new YuyvEncoder(width, height, width * 2, 80);
    }

    @Benchmark
    public byte[] mjpegPassThrough() throws JpegException {
        return Jpeg.withHuffmanTables(MotionJpeg.copy(mjpegBuffer, mjpegBytes));
    }

    @Benchmark
    public byte[] yuyvToJpeg() {
        yuyv.load(yuyvBuffer);
        return yuyv.encode();
    }

    private static byte limited(byte full, int span) {
        return (byte) (16 + (full & 0xFF) * span / 255);
    }

    private static byte[] withoutHuffmanTables(byte[] jpeg) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int at = 2;
        while ((jpeg[at + 1] & 0xFF) != 0xDA) {
            int length = (jpeg[at + 2] & 0xFF) << 8 | jpeg[at + 3] & 0xFF;
            if ((jpeg[at + 1] & 0xFF) != 0xC4) {
                out.write(jpeg, at, length + 2);
            }
            at += length + 2;
        }
        out.write(jpeg, at, jpeg.length - at);
        return out.toByteArray();
    }
}
