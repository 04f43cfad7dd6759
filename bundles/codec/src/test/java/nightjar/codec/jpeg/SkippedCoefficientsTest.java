package nightjar.codec.jpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nightjar.codec.testing.Tools;

/**
 * The readers that keep only some coefficients (the DC thumbnail; the first row and column of luma
 * blocks) decode past the others several at a time through a skip table. Whatever the picture, its
 * quality, sampling, Huffman tables and restart markers, they give exactly what reading every
 * coefficient gives; and on damaged data the same outcome: the same picture or the same error.
 */
class SkippedCoefficientsTest {
    /** Natural indices 0 to 7 and 8, 16, ..., 56: what the low-frequency reader keeps of a luma block. */
    private static final long FIRST_ROW_AND_COLUMN = 0x01010101010101FFL;

    @TempDir
    Path temp;

    @Test
    void generatedPicturesAtEveryQualityAndSamplingReadAsTheFullDecodeDoes() {
        Random random = new Random(20261205);
        int pictures = 0;
        for (Sampling sampling : Sampling.values()) {
            for (int quality : new int[] {5, 25, 50, 75, 90, 97, 100}) {
                for (Scene scene : Scene.values()) {
                    int width = 40 + random.nextInt(120);
                    int height = 24 + random.nextInt(100);
                    byte[] jpeg = new JpegEncoder(quality).encode(picture(scene, width, height, sampling, random));
                    assertReadLikeTheFullDecode(jpeg, scene + " " + width + "x" + height + " " + sampling + " q" + quality);
                    pictures++;
                }
            }
        }
        assertTrue(pictures >= 4 * 7 * 3, "pictures: " + pictures);
    }

    @Test
    void ffmpegsPicturesOptimizedTablesAndRestartMarkersReadAsTheFullDecodeDoes() throws Exception {
        List<byte[]> jpegs = new ArrayList<>();
        for (String format : new String[] {"yuvj420p", "yuvj422p", "yuvj444p", "gray"}) {
            for (int qscale : new int[] {1, 3, 8, 31}) {
                jpegs.add(Tools.ffmpegJpeg(temp, 176, 104, format, qscale, qscale));
            }
        }
        Random random = new Random(7);
        byte[] detailed = new JpegEncoder(98).encode(picture(Scene.NOISE, 160, 96, Sampling.YUV420, random));
        byte[] stripes = new JpegEncoder(90).encode(picture(Scene.STRIPES, 160, 96, Sampling.YUV444, random));
        for (byte[] jpeg : List.of(jpegs.get(0), jpegs.get(5), jpegs.get(15), detailed, stripes)) {
            // Optimized tables give other code lengths than Annex K's (a short ZRL in the striped picture).
            jpegs.add(Tools.jpegtran(temp, jpeg, "-optimize"));
            jpegs.add(Tools.jpegtran(temp, jpeg, "-optimize", "-restart", "1B"));
            jpegs.add(Tools.jpegtran(temp, jpeg, "-restart", "3"));
        }
        // Motion-JPEG without tables: Annex K's, which this encoder uses.
        jpegs.add(JpegReaderTest.withoutHuffmanTables(detailed));
        for (int i = 0; i < jpegs.size(); i++) {
            assertReadLikeTheFullDecode(jpegs.get(i), "picture " + i);
        }
    }

    @Test
    void damagedAndTruncatedDataGiveTheSamePictureOrTheSameErrorAsTheFullDecode() throws Exception {
        Random random = new Random(20261206);
        List<byte[]> seeds = List.of(
                new JpegEncoder(95).encode(picture(Scene.NOISE, 96, 64, Sampling.YUV420, random)),
                new JpegEncoder(60).encode(picture(Scene.STRIPES, 80, 48, Sampling.YUV422, random)),
                Tools.jpegtran(temp, Tools.ffmpegJpeg(temp, 64, 64, "gray", 2, 2), "-optimize", "-restart", "1B"),
                Tools.ffmpegJpeg(temp, 64, 48, "yuvj444p", 1, 3));
        int errors = 0;
        for (byte[] seed : seeds) {
            for (int cut = seed.length - 1; cut > seed.length / 2; cut -= 7) {
                errors += assertSameOutcome(Arrays.copyOf(seed, cut), "cut at " + cut) ? 1 : 0;
            }
            for (int i = 0; i < 1500; i++) {
                byte[] mutant = seed.clone();
                for (int n = 1 + random.nextInt(3); n > 0; n--) {
                    int at = random.nextInt(mutant.length);
                    mutant[at] = random.nextBoolean() ? (byte) (mutant[at] ^ 1 << random.nextInt(8)) : (byte) random.nextInt(256);
                }
                errors += assertSameOutcome(mutant, "mutation " + i) ? 1 : 0;
            }
        }
        assertTrue(errors > 1000, "most damage is noticed: " + errors);
    }

    private enum Scene {
        /** Sensor noise over a gradient: every coefficient busy, long values at high quality. */
        NOISE,
        /** Stripes one and two pixels wide and edges: few, far apart coefficients (long runs, ZRL). */
        STRIPES,
        /** Flat blocks, textured blocks and single dots, at random. */
        PATCHWORK
    }

    private static YCbCrImage picture(Scene scene, int width, int height, Sampling sampling, Random random) {
        YCbCrImage image = YCbCrImage.allocate(width, height, sampling);
        int amplitude = 8 + random.nextInt(120);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int value = switch (scene) {
                    case NOISE -> 20 + x * 120 / width + random.nextInt(amplitude);
                    case STRIPES -> (y / 8 % 3 == 0 ? (y & 1) * 200 : x / 8 % 2 == 0 ? (x >> 1 & 1) * 180 : 90)
                            + (x / 8 == y / 8 ? 40 : 0);
                    case PATCHWORK -> {
                        int kind = Math.floorMod((x / 8) * 31 + (y / 8) * 17 + amplitude, 5);
                        yield kind == 0 ? 60 : kind == 1 ? 100 + random.nextInt(amplitude)
                                : kind == 2 ? (x % 8 == 3 && y % 8 == 5 ? 250 : 30) : kind == 3 ? x * 3 + y : 200 - y;
                    }
                };
                image.y()[y * width + x] = (byte) Math.max(0, Math.min(255, value));
            }
        }
        for (int i = 0; i < image.cb().length; i++) {
            image.cb()[i] = (byte) (128 + (scene == Scene.NOISE ? random.nextInt(amplitude) - amplitude / 2 : (i % 7) * 9));
            image.cr()[i] = (byte) (128 - (scene == Scene.STRIPES ? (i & 1) * 60 : random.nextInt(amplitude / 2 + 1)));
        }
        return image;
    }

    /** Every block with every coefficient: the straightforward reading the others are held to. */
    private record Blocks(List<int[]> positions, List<short[]> coefficients, List<Long> nonZero, int[] dcSteps) {
        static Blocks of(BlockReaderFactory factory, byte[] jpeg) throws JpegException {
            Blocks blocks = new Blocks(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new int[3]);
            factory.reader(new BlockVisitor() {
                @Override
                public void start(int width, int height, Sampling sampling) {
                }

                @Override
                public void quantization(int component, int[] table) {
                    blocks.dcSteps[component] = table[0];
                }

                @Override
                public void block(int component, int x, int y, short[] coefficients, long nonZero) {
                    blocks.positions.add(new int[] {component, x, y});
                    blocks.coefficients.add(coefficients.clone());
                    blocks.nonZero.add(nonZero);
                }
            }).read(ByteBuffer.wrap(jpeg).asReadOnlyBuffer());
            return blocks;
        }

        /** The DC thumbnail these blocks give. */
        byte[] thumbnail(byte[] jpeg) throws JpegException {
            JpegParser.Frame frame = frameOf(jpeg);
            int width = (frame.width + 7) / 8;
            int height = (frame.height + 7) / 8;
            byte[] pixels = new byte[width * height];
            for (int i = 0; i < positions.size(); i++) {
                int[] at = positions.get(i);
                if (at[0] == 0 && at[1] < width && at[2] < height) {
                    pixels[at[2] * width + at[1]] = (byte) LumaThumbnail.blockMean(coefficients.get(i)[0], dcSteps[0]);
                }
            }
            return pixels;
        }
    }

    private interface BlockReaderFactory {
        BlockReader reader(BlockVisitor visitor);
    }

    private static JpegParser.Frame frameOf(byte[] jpeg) throws JpegException {
        JpegParser.Frame[] frame = new JpegParser.Frame[1];
        new JpegParser().parse(jpeg, jpeg.length, new JpegParser.BlockConsumer() {
            @Override
            public void frame(JpegParser.Frame f) {
                frame[0] = f;
            }

            @Override
            public void quantization(int component, int[] table) {
            }

            @Override
            public void block(int component, int x, int y, short[] coefficients, long nonZero) {
            }
        }, JpegParser.Kept.DC);
        return frame[0];
    }

    private static void assertReadLikeTheFullDecode(byte[] jpeg, String name) {
        try {
            assertReadLikeTheFullDecodeOrThrow(jpeg, name);
        } catch (JpegException e) {
            throw new AssertionError(name + ": " + e.getMessage(), e);
        }
    }

    private static void assertReadLikeTheFullDecodeOrThrow(byte[] jpeg, String name) throws JpegException {
        Blocks all = Blocks.of(BlockReader::new, jpeg);
        LumaThumbnailReader thumbnails = new LumaThumbnailReader();
        thumbnails.read(ByteBuffer.wrap(jpeg).asReadOnlyBuffer());
        byte[] expected = all.thumbnail(jpeg);
        assertArrayEquals(expected, Arrays.copyOf(thumbnails.pixels(), thumbnails.width() * thumbnails.height()),
                name + ": DC thumbnail");

        Blocks low = Blocks.of(BlockReader::lumaFirstRowAndColumn, jpeg);
        int lumaBlocks = 0;
        for (int i = 0; i < all.positions.size(); i++) {
            if (all.positions.get(i)[0] != 0) {
                continue;
            }
            String block = name + ": luma block " + lumaBlocks;
            assertArrayEquals(all.positions.get(i), low.positions.get(lumaBlocks), block);
            short[] kept = all.coefficients.get(i).clone();
            for (int k = 0; k < 64; k++) {
                kept[k] = (FIRST_ROW_AND_COLUMN >>> k & 1) != 0 ? kept[k] : 0;
            }
            assertArrayEquals(Arrays.copyOf(kept, 64), Arrays.copyOf(low.coefficients.get(lumaBlocks), 64), block);
            assertEquals(all.nonZero.get(i) & FIRST_ROW_AND_COLUMN, low.nonZero.get(lumaBlocks), block + ": non-zero set");
            lumaBlocks++;
        }
        assertEquals(lumaBlocks, low.positions.size(), name + ": luma blocks");
    }

    /**
     * Asserts that the three readers agree on the data: the same thumbnail, or the same error. An
     * error's offset is where the reader stood when it found the damage, and the readers look ahead
     * by different amounts (up to 8 bytes of data, 16 with stuffing), so offsets may differ by that.
     * Returns whether the data was found damaged.
     */
    private static boolean assertSameOutcome(byte[] jpeg, String name) {
        Object full;
        try {
            full = Arrays.toString(Blocks.of(BlockReader::new, jpeg).thumbnail(jpeg));
        } catch (JpegException e) {
            full = e;
        }
        Object thumbnail;
        try {
            LumaThumbnailReader reader = new LumaThumbnailReader();
            reader.read(jpeg, jpeg.length);
            thumbnail = Arrays.toString(Arrays.copyOf(reader.pixels(), reader.width() * reader.height()));
        } catch (JpegException e) {
            thumbnail = e;
        }
        Object low;
        try {
            low = Arrays.toString(Blocks.of(BlockReader::lumaFirstRowAndColumn, jpeg).thumbnail(jpeg));
        } catch (JpegException e) {
            low = e;
        }
        assertSame(full, thumbnail, name + ": the DC thumbnail reader");
        assertSame(full, low, name + ": the first row and column reader");
        return full instanceof JpegException;
    }

    private static void assertSame(Object expected, Object actual, String name) {
        if (expected instanceof JpegException e && actual instanceof JpegException a) {
            assertEquals(what(e), what(a), name);
            assertTrue(Math.abs(e.offset() - a.offset()) <= 16, name + ": offsets " + e.offset() + " and " + a.offset());
        } else {
            assertEquals(String.valueOf(expected), String.valueOf(actual), name);
        }
    }

    /** The message without its offset. */
    private static String what(JpegException e) {
        return e.getMessage().substring(0, e.getMessage().lastIndexOf(" (at byte "));
    }
}
