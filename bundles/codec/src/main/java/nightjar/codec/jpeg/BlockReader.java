package nightjar.codec.jpeg;

import java.nio.ByteBuffer;

/**
 * Reads JPEG after JPEG into one {@link BlockVisitor}, keeping the Huffman tables and buffers from
 * frame to frame: decoding a camera's stream makes no garbage. Not for two threads at once.
 */
public final class BlockReader {
    private final JpegParser parser = new JpegParser();
    private final JpegParser.BlockConsumer consumer;
    private final JpegParser.Kept kept;

    /** A reader that hands every block of every component to the visitor, with all its coefficients. */
    public BlockReader(BlockVisitor visitor) {
        this(visitor, JpegParser.Kept.ALL);
    }

    private BlockReader(BlockVisitor visitor, JpegParser.Kept kept) {
        this.kept = kept;
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

    /**
     * A reader for what the low frequencies of the luma tell (how a block's mean changes when the picture
     * moves by a few pixels: its column and row means): only luma blocks are handed to the visitor (and
     * quantization tables of every component), each with its DC and its first row and first column of
     * AC coefficients (natural indices 1 to 7 and 8, 16, ..., 56); its other coefficients are decoded
     * past, not stored, and read as zero. Cheaper than a reader of every coefficient.
     */
    public static BlockReader lumaFirstRowAndColumn(BlockVisitor visitor) {
        return new BlockReader(visitor, JpegParser.Kept.LUMA_FIRST_ROW_AND_COLUMN);
    }

    /** Decodes the blocks of the JPEG into the visitor. */
    public void read(byte[] jpeg) throws JpegException {
        parser.parse(jpeg, jpeg.length, consumer, kept);
    }

    /** Decodes the blocks of the JPEG in the first {@code length} bytes of the array (a reused buffer). */
    public void read(byte[] jpeg, int length) throws JpegException {
        parser.parse(jpeg, length, consumer, kept);
    }

    /**
     * Decodes the blocks of the JPEG between the buffer's position and limit (a read-only or direct
     * buffer does: nothing is copied); the buffer's position is not moved.
     */
    public void read(ByteBuffer jpeg) throws JpegException {
        parser.parse(jpeg, consumer, kept);
    }

    /** Bytes the reader's parser holds from frame to frame: its Huffman tables and buffers (see {@link LumaThumbnailReader#parserBytes}). */
    public long parserBytes() {
        return parser.memoryBytes();
    }
}
