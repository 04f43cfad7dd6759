package nightjar.codec.jpeg;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nightjar.codec.testing.Tools;

/**
 * Seeded mutations of real JPEGs: bytes flipped, runs overwritten, data cut and spliced. Whatever
 * the damage, the reader answers with a picture or a {@link JpegException}, never another exception,
 * a hang, or an OutOfMemoryError. Seeds are fixed so a failure repeats.
 */
class JpegFuzzTest {
    private static final int MUTATIONS_PER_SEED = 4000;

    @TempDir
    Path temp;

    @Test
    void damagedJpegsGiveJpegExceptionsOnly() throws Exception {
        List<byte[]> seeds = List.of(
                Tools.ffmpegJpeg(temp, 96, 64, "yuvj420p", 4, 0),
                Tools.ffmpegJpeg(temp, 80, 48, "yuvj422p", 6, 1),
                Tools.jpegtran(temp, Tools.ffmpegJpeg(temp, 64, 64, "gray", 3, 2), "-restart", "1B"),
                JpegReaderTest.withoutHuffmanTables(Tools.jpegtran(temp, Tools.ffmpegJpeg(temp, 64, 32, "yuvj444p", 5, 3))));
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            Random random = new Random(20261121);
            for (byte[] seed : seeds) {
                for (int i = 0; i < MUTATIONS_PER_SEED; i++) {
                    byte[] mutant = mutate(seed, random);
                    try {
                        switch (i % 3) {
                            case 0 -> Jpeg.decode(mutant);
                            case 1 -> Jpeg.lumaThumbnail(mutant);
                            default -> Jpeg.coefficients(mutant);
                        }
                    } catch (JpegException expected) {
                        // The one acceptable failure.
                    } catch (RuntimeException | Error e) {
                        fail("mutation " + i + " of a " + seed.length + "-byte seed threw " + e, e);
                    }
                }
            }
        });
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] data = seed.clone();
        switch (random.nextInt(5)) {
            case 0 -> {
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    data[random.nextInt(data.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> {
                int at = random.nextInt(data.length);
                int length = Math.min(data.length - at, 1 + random.nextInt(16));
                for (int j = 0; j < length; j++) {
                    data[at + j] = (byte) random.nextInt(256);
                }
            }
            case 2 -> data = java.util.Arrays.copyOf(data, random.nextInt(data.length));
            case 3 -> {
                int at = random.nextInt(data.length);
                data[at] = (byte) 0xFF;
                if (at + 1 < data.length) {
                    data[at + 1] = (byte) (0xC0 + random.nextInt(64));
                }
            }
            default -> {
                int from = random.nextInt(data.length);
                int to = random.nextInt(data.length);
                int length = Math.min(data.length - Math.max(from, to), random.nextInt(64));
                System.arraycopy(seed, from, data, to, Math.max(0, length));
            }
        }
        return data;
    }
}
