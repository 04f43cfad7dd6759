package nightjar.codec.jpeg;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads the 1/8-scale luma picture ({@link Jpeg#lumaThumbnail}) of frame after frame into one
 * array that is reused while the picture size stays the same: a detector that looks at every frame
 * of a camera makes no garbage. The Huffman tables are kept from frame to frame as well. Not for two
 * threads at once.
 */
public final class LumaThumbnailReader {
    private final JpegParser parser = new JpegParser();
    private final JpegParser.BlockConsumer consumer = new JpegParser.BlockConsumer() {
        @Override
        public void frame(JpegParser.Frame frame) {
            width = (frame.width + 7) / 8;
            height = (frame.height + 7) / 8;
            if (pixels.length != width * height) {
                pixels = new byte[width * height];
            }
        }

        @Override
        public void quantization(int component, int[] table) {
            if (component == 0) {
                dcStep = table[0];
            }
        }

        @Override
        public void block(int component, int x, int y, short[] coefficients, long nonZero) {
            if (component == 0 && x < width && y < height) {
                pixels[y * width + x] = (byte) LumaThumbnail.blockMean(coefficients[0], dcStep);
            }
        }
    };
    private byte[] pixels = new byte[0];
    private int width;
    private int height;
    private int dcStep = 1;

    /**
     * Reads the thumbnail of the JPEG in the first {@code length} bytes of the array. On an exception
     * the picture is incomplete and should not be used.
     */
    public void read(byte[] jpeg, int length) throws JpegException {
        if (length < 0 || length > jpeg.length) {
            throw new IllegalArgumentException("length " + length + " outside the array of " + jpeg.length);
        }
        read(ByteBuffer.wrap(jpeg, 0, length));
    }

    /**
     * Reads the thumbnail of the JPEG between the buffer's position and limit (read-only and direct
     * buffers do: nothing is copied); the buffer's position is not moved. On an exception the picture
     * is incomplete and should not be used.
     */
    public void read(ByteBuffer jpeg) throws JpegException {
        width = 0;
        height = 0;
        parser.parse(jpeg, consumer, JpegParser.Kept.DC);
        if (width == 0) {
            throw new JpegException("no frame header", 0);
        }
    }

    /** Blocks across the picture of the last {@link #read}. */
    public int width() {
        return width;
    }

    /** Blocks down the picture of the last {@link #read}. */
    public int height() {
        return height;
    }

    /** A copy of the last picture read, its own to keep. */
    public LumaThumbnail thumbnail() {
        return new LumaThumbnail(width, height, Arrays.copyOf(pixels, width * height));
    }

    /**
     * Bytes the reader's parser holds from frame to frame, besides the picture ({@link #pixels}): its
     * Huffman tables and buffers, about 133 KB for a camera's four tables (two of them AC, with their skip
     * tables); nothing of the tables before the first frame.
     */
    public long parserBytes() {
        return parser.memoryBytes();
    }

    /** The last picture read, row-major, 0 to 255; overwritten by the next {@link #read}. */
    public byte[] pixels() {
        return pixels;
    }
}
