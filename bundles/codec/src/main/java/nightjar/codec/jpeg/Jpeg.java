package nightjar.codec.jpeg;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import nightjar.codec.internal.Dct;

/**
 * Reading baseline JPEG (SOF0, SOF1; 8-bit; greyscale or YCbCr at 4:4:4, 4:2:2, 4:2:0; restart
 * intervals; frames without Huffman tables use those of Annex K, as Motion-JPEG webcams expect).
 * Corrupt or truncated data gives a {@link JpegException} with the byte offset; progressive,
 * lossless, hierarchical, arithmetic-coded and 12-bit files an {@link UnsupportedJpegException}.
 */
public final class Jpeg {
    private Jpeg() {
    }

    /** The 1/8-scale luma picture from the DC coefficients alone: no inverse DCT. */
    public static LumaThumbnail lumaThumbnail(byte[] jpeg) throws JpegException {
        LumaThumbnailReader reader = new LumaThumbnailReader();
        reader.read(jpeg, jpeg.length);
        return new LumaThumbnail(reader.width(), reader.height(), reader.pixels());
    }

    /**
     * The 1/8-scale luma picture of the JPEG between the buffer's position and limit (a frame's
     * read-only view does: nothing is copied); the buffer's position is not moved.
     */
    public static LumaThumbnail lumaThumbnail(ByteBuffer jpeg) throws JpegException {
        LumaThumbnailReader reader = new LumaThumbnailReader();
        reader.read(jpeg);
        return new LumaThumbnail(reader.width(), reader.height(), reader.pixels());
    }

    /** The quantized coefficients of every block and the quantization tables. */
    public static JpegCoefficients coefficients(byte[] jpeg) throws JpegException {
        CoefficientCollector collector = new CoefficientCollector();
        new JpegParser().parse(jpeg, jpeg.length, collector, JpegParser.Kept.ALL);
        return collector.result();
    }

    /** The full decode: inverse DCT of every block into planes, at the JPEG's own chroma sampling. */
    public static YCbCrImage decode(byte[] jpeg) throws JpegException {
        PlaneDecoder decoder = new PlaneDecoder();
        new JpegParser().parse(jpeg, jpeg.length, decoder, JpegParser.Kept.ALL);
        return decoder.result();
    }

    /** Decodes every block and hands it to the visitor; for many frames, {@link BlockReader} reuses its tables. */
    public static void visitBlocks(byte[] jpeg, BlockVisitor visitor) throws JpegException {
        new BlockReader(visitor).read(jpeg);
    }

    /**
     * The JPEG with the Annex K Huffman tables inserted when it has none (as Motion-JPEG frames from
     * UVC webcams do), so that browsers and other decoders can show it; the same array otherwise.
     */
    public static byte[] withHuffmanTables(byte[] jpeg) throws JpegException {
        return HuffmanTableInserter.insert(jpeg);
    }

    private static int clamp(long value) {
        return value < 0 ? 0 : value > 255 ? 255 : (int) value;
    }

    private static JpegParser.Frame require(JpegParser.Frame frame) {
        if (frame == null) {
            throw new IllegalStateException("no frame");
        }
        return frame;
    }

    private static final class CoefficientCollector implements JpegParser.BlockConsumer {
        private JpegParser.Frame frame;
        private short[][] coefficients = new short[0][];
        private int[][] quantization = new int[0][];

        @Override
        public void frame(JpegParser.Frame f) {
            frame = f;
            coefficients = new short[f.components()][];
            quantization = new int[f.components()][];
            for (int c = 0; c < f.components(); c++) {
                coefficients[c] = new short[f.blocksAcross(c) * f.blocksDown(c) * 64];
            }
        }

        @Override
        public void quantization(int component, int[] table) {
            quantization[component] = table.clone();
        }

        @Override
        public void block(int component, int x, int y, short[] block, long nonZero) {
            System.arraycopy(block, 0, coefficients[component], (y * frame.blocksAcross(component) + x) * 64, 64);
        }

        JpegCoefficients result() {
            JpegParser.Frame f = require(frame);
            List<JpegCoefficients.Component> components = new ArrayList<>();
            for (int c = 0; c < f.components(); c++) {
                components.add(new JpegCoefficients.Component(f.blocksAcross(c), f.blocksDown(c), coefficients[c],
                        quantization[c]));
            }
            return new JpegCoefficients(f.width, f.height, f.sampling, List.copyOf(components));
        }
    }

    private static final class PlaneDecoder implements JpegParser.BlockConsumer {
        private JpegParser.Frame frame;
        private YCbCrImage image;
        private int[][] quantization = new int[0][];
        private final float[] dequantized = new float[64];
        private final float[] samples = new float[64];
        private final float[] scratch = new float[64];

        @Override
        public void frame(JpegParser.Frame f) {
            frame = f;
            image = YCbCrImage.allocate(f.width, f.height, f.sampling);
            quantization = new int[f.components()][];
        }

        @Override
        public void quantization(int component, int[] table) {
            quantization[component] = table;
        }

        @Override
        public void block(int component, int x, int y, short[] coefficients, long nonZero) {
            int[] q = quantization[component];
            for (int i = 0; i < 64; i++) {
                dequantized[i] = coefficients[i] * q[i];
            }
            Dct.inverse(dequantized, samples, scratch);
            byte[] plane = component == 0 ? image.y() : component == 1 ? image.cb() : image.cr();
            int planeWidth = component == 0 ? image.width() : image.chromaWidth();
            int planeHeight = component == 0 ? image.height() : image.chromaHeight();
            int left = x * 8;
            int top = y * 8;
            for (int row = 0; row < 8 && top + row < planeHeight; row++) {
                for (int column = 0; column < 8 && left + column < planeWidth; column++) {
                    plane[(top + row) * planeWidth + left + column] =
                            (byte) clamp(Math.round(samples[row * 8 + column] + 128));
                }
            }
        }

        YCbCrImage result() {
            require(frame);
            return image;
        }
    }
}
