package nightjar.codec.jpeg;

/**
 * Reads JPEG after JPEG into one {@link BlockVisitor}, keeping the Huffman tables and buffers from
 * frame to frame: decoding a camera's stream makes no garbage. Not for two threads at once.
 */
public final class BlockReader {
    private final JpegParser parser = new JpegParser();
    private final JpegParser.BlockConsumer consumer;

    public BlockReader(BlockVisitor visitor) {
        this.consumer = new JpegParser.BlockConsumer() {
            @Override
            public void frame(JpegParser.Frame frame) throws JpegException {
                visitor.start(frame.width, frame.height, frame.sampling);
            }

            @Override
            public void quantization(int component, int[] table) {
                visitor.quantization(component, table);
            }

            @Override
            public void block(int component, int x, int y, short[] coefficients, long nonZero) {
                visitor.block(component, x, y, coefficients, nonZero);
            }
        };
    }

    /** Decodes every block of the JPEG into the visitor. */
    public void read(byte[] jpeg) throws JpegException {
        parser.parse(jpeg, consumer, true);
    }

    /** Decodes every block of the JPEG in the first {@code length} bytes of the array (a reused buffer). */
    public void read(byte[] jpeg, int length) throws JpegException {
        parser.parse(jpeg, length, consumer, true);
    }
}
