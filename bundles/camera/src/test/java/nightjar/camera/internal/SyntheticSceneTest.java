package nightjar.camera.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import nightjar.api.capture.testing.RecordingSink;

class SyntheticSceneTest {
    private static final Instant NOON = Instant.parse("2026-12-05T12:00:00.250Z");

    @Test
    void theFigureCrossesForSixSecondsEveryHalfMinuteFromThreeSecondsAfterTheStart() {
        int fps = 15;
        SyntheticScene scene = new SyntheticScene("Front", 640, 480, fps, ZoneOffset.UTC);
        List<Long> starts = new ArrayList<>();
        List<Long> ends = new ArrayList<>();
        boolean before = false;
        for (long frame = 0; frame < 95L * fps; frame++) {
            boolean now = scene.crossing(frame);
            if (now && !before) {
                starts.add(frame);
            } else if (!now && before) {
                ends.add(frame);
            }
            before = now;
        }
        assertEquals(List.of(3L * fps, 33L * fps, 63L * fps, 93L * fps), starts);
        assertEquals(List.of(9L * fps, 39L * fps, 69L * fps), ends);
    }

    @Test
    void betweenCrossingsOnlyTheClockAndTheTimeCodeChange() {
        SyntheticScene scene = new SyntheticScene("Front", 640, 480, 15, ZoneOffset.UTC);
        BufferedImage first = draw(scene, 0, NOON);
        BufferedImage later = draw(scene, 20 * 15 + 7, NOON.plusSeconds(21).plusMillis(467));
        Rectangle code = timeCodeArea(640, 480);
        Rectangle clock = scene.clockBand();
        List<String> elsewhere = new ArrayList<>();
        int inClock = 0;
        for (int y = 0; y < 480; y++) {
            for (int x = 0; x < 640; x++) {
                if (first.getRGB(x, y) != later.getRGB(x, y)) {
                    if (clock.contains(x, y)) {
                        inClock++;
                    } else if (!code.contains(x, y) && elsewhere.size() < 5) {
                        elsewhere.add(x + "," + y);
                    }
                }
            }
        }
        assertEquals(List.of(), elsewhere, "pixels that changed outside the clock and the time code");
        assertTrue(inClock > 0, "the clock changed");
    }

    @Test
    void theFigureWalksFromLeftToRightThroughItsBand() {
        int fps = 15;
        SyntheticScene scene = new SyntheticScene("Front", 640, 480, fps, ZoneOffset.UTC);
        BufferedImage still = draw(scene, 0, NOON);
        Rectangle band = scene.figureBand();
        int previousCentre = -1;
        for (long frame = 3L * fps + 10; frame < 9L * fps - 10; frame += fps) {
            BufferedImage picture = draw(scene, frame, NOON);
            long sum = 0;
            int count = 0;
            for (int y = 0; y < 480; y++) {
                for (int x = 0; x < 640; x++) {
                    boolean changed = picture.getRGB(x, y) != still.getRGB(x, y);
                    if (changed && !scene.clockBand().contains(x, y)) {
                        assertTrue(band.contains(x, y), "frame " + frame + " changed " + x + "," + y + " outside " + band);
                        sum += x;
                        count++;
                    }
                }
            }
            // About a sixth of the height tall and a third of that wide, less the space between the legs.
            assertTrue(count > 80 * 26 / 2, "frame " + frame + ": the figure covers " + count + " pixels");
            int centre = (int) (sum / count);
            assertTrue(centre > previousCentre, "frame " + frame + ": the figure at x " + centre + " after " + previousCentre);
            previousCentre = centre;
        }
    }

    @ParameterizedTest
    @CsvSource({"640, 480", "320, 240", "1280, 720", "160, 120", "96, 72", "352, 288", "480, 640"})
    void nothingIsDrawnOverTheTimeCodeInAWholeCycle(int width, int height) {
        int fps = 5;
        SyntheticScene scene = new SyntheticScene("A long camera name that runs off the picture", width, height, fps,
                ZoneOffset.UTC);
        Rectangle area = timeCodeArea(width, height);
        int side = area.height;
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (long frame = 0; frame < 30L * fps; frame++) {
            // Far apart, so that the squares go through many values.
            Instant captured = NOON.plusMillis(frame * 4111);
            scene.draw(canvas, frame, captured);
            int value = (int) (captured.getEpochSecond() % 65536);
            for (int i = 0; i < 16; i++) {
                int expected = (value >> (15 - i) & 1) == 1 ? TimeCode.ONE.getRGB() & 0xffffff : TimeCode.ZERO.getRGB() & 0xffffff;
                for (int y = area.y; y < area.y + side; y++) {
                    for (int x = area.x + i * side; x < area.x + (i + 1) * side; x++) {
                        assertEquals(expected, canvas.getRGB(x, y) & 0xffffff,
                                "frame " + frame + ", square " + i + " at " + x + "," + y);
                    }
                }
            }
        }
    }

    @Test
    void framesOfTheSceneAsPicturesToLookAt() throws Exception {
        SyntheticScene scene = new SyntheticScene("Front", 640, 480, 15, ZoneOffset.UTC);
        Path directory = Files.createDirectories(Path.of("target", "synthetic-scene"));
        ImageIO.write(draw(scene, 5L * 15, NOON), "png", directory.resolve("crossing.png").toFile());
        ImageIO.write(draw(scene, 20L * 15, NOON.plusSeconds(17)), "png", directory.resolve("still.png").toFile());
        assertFalse(Files.size(directory.resolve("crossing.png")) == 0);
    }

    /**
     * Not a check: writes 70 s of the default camera's frames (640x480, 15 fps, quality 80) as JPEG files
     * to the directory named by {@code nightjar.sceneFrames}, for {@code bin/nightjar motion-detect}:
     * {@code mvn -o -q -pl bundles/camera verify -Dtest=SyntheticSceneTest -Dnightjar.sceneFrames=/tmp/scene}.
     */
    @Test
    @EnabledIfSystemProperty(named = "nightjar.sceneFrames", matches = ".+")
    void writesFramesForTheMotionDetector() throws Exception {
        Path directory = Files.createDirectories(Path.of(System.getProperty("nightjar.sceneFrames")));
        int fps = 15;
        RecordingSink sink = new RecordingSink();
        SyntheticSource source = new SyntheticSource("test-synthetic", "Front", 640, 480, fps, 80, sink,
                new SteppingClock(NOON, Duration.ofNanos(1_000_000_000L / fps)));
        try {
            for (int frame = 0; frame < 70 * fps; frame++) {
                source.produce();
                Files.write(directory.resolve(String.format("%05d.jpg", frame)), sink.pictures.remove(0).jpeg());
            }
        } finally {
            source.close();
        }
    }

    /** Where the time code is, from its specification: 16 squares of side s, s above the bottom, s from the right. */
    static Rectangle timeCodeArea(int width, int height) {
        int side = Math.max(4, height / 24);
        return new Rectangle(width - 17 * side, height - 2 * side, 16 * side, side);
    }

    private static BufferedImage draw(SyntheticScene scene, long frame, Instant captured) {
        BufferedImage canvas = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
        scene.draw(canvas, frame, captured);
        return canvas;
    }
}
