package nightjar.codec.jpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The reader reads a JPEG where it lies: a frame's read-only view, a slice of a larger array, a direct
 * buffer, with the same result as from an array of its own; and the low-frequency reader keeps exactly
 * the first row and column of each luma block.
 */
class BufferReadingTest {
    /** A detailed picture (noise over a gradient): its entropy-coded data runs over several 4 KB windows. */
    private static byte[] detailedJpeg(int width, int height, long seed) {
        YCbCrImage image = YCbCrImage.allocate(width, height, Sampling.YUV420);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.y()[y * width + x] = (byte) (30 + x * 150 / width + random.nextInt(60));
            }
        }
        for (int i = 0; i < image.cb().length; i++) {
            image.cb()[i] = (byte) (100 + random.nextInt(50));
            image.cr()[i] = (byte) (110 + random.nextInt(40));
        }
        return new JpegEncoder(85).encode(image);
    }

    @Test
    void aReadOnlyViewASliceAndADirectBufferReadAsTheArrayDoes() throws JpegException {
        byte[] jpeg = detailedJpeg(200, 120, 1);
        assertTrue(jpeg.length > 3 * 4096, "the data spans several windows: " + jpeg.length);
        LumaThumbnail expected = Jpeg.lumaThumbnail(jpeg);

        ByteBuffer readOnly = ByteBuffer.wrap(jpeg).asReadOnlyBuffer();
        assertFalse(readOnly.hasArray());
        assertArrayEquals(expected.pixels(), Jpeg.lumaThumbnail(readOnly).pixels());
        assertEquals(0, readOnly.position(), "the buffer is not moved");

        byte[] larger = new byte[jpeg.length + 300];
        Arrays.fill(larger, (byte) 0xFF);
        System.arraycopy(jpeg, 0, larger, 123, jpeg.length);
        ByteBuffer slice = ByteBuffer.wrap(larger, 123, jpeg.length).asReadOnlyBuffer();
        LumaThumbnailReader reader = new LumaThumbnailReader();
        reader.read(slice);
        assertArrayEquals(expected.pixels(), Arrays.copyOf(reader.pixels(), reader.width() * reader.height()));
        assertEquals(123, slice.position());

        ByteBuffer direct = ByteBuffer.allocateDirect(jpeg.length).put(jpeg).flip();
        assertArrayEquals(expected.pixels(), Jpeg.lumaThumbnail(direct).pixels());
    }

    @Test
    void everyCoefficientFromABufferIsTheArraysAndACutBufferIsRefused() throws JpegException {
        byte[] jpeg = detailedJpeg(96, 64, 2);
        List<short[]> fromArray = new ArrayList<>();
        new BlockReader(DequantizedBlocks.collector(fromArray, new ArrayList<>())).read(jpeg);
        List<short[]> fromBuffer = new ArrayList<>();
        new BlockReader(DequantizedBlocks.collector(fromBuffer, new ArrayList<>())).read(ByteBuffer.wrap(jpeg).asReadOnlyBuffer());
        assertEquals(fromArray.size(), fromBuffer.size());
        for (int i = 0; i < fromArray.size(); i++) {
            assertArrayEquals(fromArray.get(i), fromBuffer.get(i), "block " + i);
        }
        ByteBuffer cut = ByteBuffer.wrap(jpeg, 0, jpeg.length / 2).asReadOnlyBuffer();
        JpegException e = assertThrows(JpegException.class, () -> new BlockReader(DequantizedBlocks.collector(new ArrayList<>(),
                new ArrayList<>())).read(cut));
        assertTrue(e.offset() <= jpeg.length / 2, "offset within the buffer: " + e.offset());
    }

    @Test
    void theLowFrequencyReaderKeepsTheFirstRowAndColumnOfLumaBlocksAndNothingElse() throws JpegException {
        byte[] jpeg = detailedJpeg(96, 64, 3);
        List<short[]> all = new ArrayList<>();
        List<Integer> allComponents = new ArrayList<>();
        new BlockReader(DequantizedBlocks.collector(all, allComponents)).read(jpeg);
        List<short[]> low = new ArrayList<>();
        List<Integer> lowComponents = new ArrayList<>();
        BlockReader.lumaFirstRowAndColumn(DequantizedBlocks.collector(low, lowComponents)).read(ByteBuffer.wrap(jpeg).asReadOnlyBuffer());

        List<short[]> luma = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (allComponents.get(i) == 0) {
                luma.add(all.get(i));
            }
        }
        assertTrue(lowComponents.stream().allMatch(c -> c == 0), "no chroma block is handed on");
        assertEquals(luma.size(), low.size());
        int keptNonZero = 0;
        for (int b = 0; b < luma.size(); b++) {
            for (int i = 0; i < 64; i++) {
                boolean firstRowOrColumn = i < 8 || i % 8 == 0;
                short expected = firstRowOrColumn ? luma.get(b)[i] : 0;
                assertEquals(expected, low.get(b)[i], "block " + b + ", coefficient " + i);
                keptNonZero += firstRowOrColumn && i > 0 && expected != 0 ? 1 : 0;
            }
        }
        assertTrue(keptNonZero > luma.size(), "the picture has low-frequency detail to keep: " + keptNonZero);
    }

    @Test
    void aBlocksMeanIsItsDcCoefficientOverEightLevelShiftedRoundedAndClamped() throws JpegException {
        assertEquals(128, LumaThumbnail.blockMean(0, 16));
        assertEquals(128 + 2, LumaThumbnail.blockMean(1, 16));
        assertEquals(128 + 1, LumaThumbnail.blockMean(1, 4), "4/8 rounds up");
        assertEquals(128, LumaThumbnail.blockMean(1, 3), "3/8 rounds down");
        assertEquals(0, LumaThumbnail.blockMean(-1024, 1));
        assertEquals(0, LumaThumbnail.blockMean(-200, 16), "clamped below");
        assertEquals(255, LumaThumbnail.blockMean(1016, 1));
        assertEquals(255, LumaThumbnail.blockMean(200, 16), "clamped above");

        byte[] jpeg = detailedJpeg(64, 48, 4);
        List<short[]> blocks = new ArrayList<>();
        List<Integer> components = new ArrayList<>();
        new BlockReader(DequantizedBlocks.collector(blocks, components)).read(jpeg);
        LumaThumbnail thumbnail = Jpeg.lumaThumbnail(jpeg);
        int dcStep = Jpeg.coefficients(jpeg).components().get(0).quantization()[0];
        // 4:2:0: the luma blocks of an MCU come as 2x2; blocks hold dequantized values here, so divide back.
        int luma = 0;
        for (int i = 0; i < blocks.size(); i++) {
            if (components.get(i) != 0) {
                continue;
            }
            int mcu = luma / 4;
            int x = mcu % 4 * 2 + luma % 2;
            int y = mcu / 4 * 2 + luma % 4 / 2;
            assertEquals(LumaThumbnail.blockMean(blocks.get(i)[0] / dcStep, dcStep), thumbnail.luma(x, y),
                    "block " + x + "," + y);
            luma++;
        }
    }
}
