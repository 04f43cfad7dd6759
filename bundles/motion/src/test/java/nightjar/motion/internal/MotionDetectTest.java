package nightjar.motion.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/nightjar motion-detect} on a clip ffmpeg makes: grey noise, and a box crossing from 4 s to 6 s. */
class MotionDetectTest {
    private static final double FPS = 15;

    @TempDir
    static Path temp;
    private static Path frames;

    @BeforeAll
    static void makeClip() throws Exception {
        frames = Files.createDirectory(temp.resolve("frames"));
        String graph = "color=c=0x707070:s=640x480:r=15:d=14,noise=alls=12:allf=t+u[bg];"
                + "color=c=0xE0E0E0:s=56x56:r=15:d=14[box];"
                + "[bg][box]overlay=x='if(between(t,4,6),120+(t-4)*120,-200)':y=200";
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-v", "error", "-f", "lavfi", "-i", graph, "-q:v", "4",
                frames.resolve("frame%04d.jpg").toString()).redirectErrorStream(true).start();
        String output = new String(ffmpeg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ffmpeg.waitFor(120, TimeUnit.SECONDS) && ffmpeg.exitValue() == 0, "ffmpeg: " + output);
    }

    @Test
    void printsOneLinePerFrameWithTheFramesOwnMotionAndTheEvent() throws Exception {
        List<String> lines = run("--fps", "15", frames.toString());
        assertEquals("frame,motion,score,event", lines.get(0));
        assertEquals((int) (14 * FPS), lines.size() - 1, "a line per frame");
        int firstMotion = -1;
        int lastMotion = -1;
        int firstEvent = -1;
        int lastEvent = -1;
        for (int i = 1; i < lines.size(); i++) {
            String[] fields = lines.get(i).split(",");
            assertEquals(4, fields.length, lines.get(i));
            assertEquals(String.format("frame%04d.jpg", i), fields[0]);
            assertTrue(fields[1].matches("[01]") && fields[3].matches("[01]"), lines.get(i));
            assertTrue(fields[2].matches("\\d\\.\\d{5}"), lines.get(i));
            if (fields[1].equals("1")) {
                firstMotion = firstMotion < 0 ? i - 1 : firstMotion;
                lastMotion = i - 1;
                assertEquals("1", fields[3], "a frame with motion is in an event: " + lines.get(i));
            }
            if (fields[3].equals("1")) {
                firstEvent = firstEvent < 0 ? i - 1 : firstEvent;
                lastEvent = i - 1;
            }
        }
        double motionStart = firstMotion / FPS;
        double motionEnd = (lastMotion + 1) / FPS;
        assertTrue(motionStart >= 4 && motionStart <= 4.5, "motion from " + motionStart + " s");
        // The frame after the box vanished still differs, and skipped frames repeat it.
        assertTrue(motionEnd >= 6 && motionEnd <= 6.7, "motion until " + motionEnd + " s: not held for the gap");
        assertEquals(firstMotion, firstEvent, "the event starts with the first frame that is motion");
        double eventEnd = (lastEvent + 1) / FPS;
        assertTrue(eventEnd >= 6 + 5 && eventEnd <= 6 + 5 + 1, "event until " + eventEnd + " s: the 5 s gap after 6 s");
        // The detector analyses 5 of the 15 frames a second (frames 0, 3, 6, ...), the others repeat the last
        // analysed frame's line; but after a frame with motion it analyses the next, so that the end of
        // the motion is not held for the frames it would skip: the box's score changes from frame to frame.
        int analysedBetween = 0;
        for (int i = firstMotion + 2; i <= lastMotion + 1; i++) {
            boolean skippedBefore = (i - 1) % 3 != 0;
            boolean changed = !lines.get(i - 1).substring(lines.get(i - 1).indexOf(','))
                    .equals(lines.get(i).substring(lines.get(i).indexOf(',')));
            analysedBetween += skippedBefore && changed ? 1 : 0;
        }
        assertTrue(analysedBetween > 0, "frames between the 5 a second analysed while the box moves");
        for (int i = 1; i <= firstMotion; i++) {
            if ((i - 1) % 3 != 0) {
                assertEquals(lines.get(i - 1).substring(lines.get(i - 1).indexOf(',')),
                        lines.get(i).substring(lines.get(i).indexOf(',')), "a skipped frame repeats: " + lines.get(i));
            }
        }
        // Before the box and once it has gone (the frame after it vanished still differs), nothing changed.
        for (int i = 1; i < lines.size(); i++) {
            double seconds = (i - 1) / FPS;
            if (seconds < 4 || seconds >= 6.5) {
                assertTrue(lines.get(i).matches(".*,0,0\\.00000,[01]"), "nothing changed: " + lines.get(i));
            }
        }
    }

    @Test
    void aConfigurationFileChangesTheDetector() throws Exception {
        Path config = temp.resolve("nightjar.motion-front.cfg");
        Files.writeString(config, "# the box's path excluded\nzones = exclude 0,0.3 1,0.3 1,0.6 0,0.6\n");
        List<String> lines = run("--config", config.toString(), frames.toString());
        assertTrue(lines.stream().skip(1).allMatch(line -> line.endsWith(",0,0.00000,0")), "no motion: " + lines);
    }

    @Test
    void badArgumentsAndFramesGetClearErrors() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> run("--fps", "0", frames.toString()));
        assertThrows(IllegalArgumentException.class, () -> run(temp.resolve("missing").toString()));
        Path config = temp.resolve("typo.cfg");
        Files.writeString(config, "eventgap = 3\n");
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                () -> run("--config", config.toString(), frames.toString()));
        assertTrue(typo.getMessage().contains("unknown setting 'eventgap'"), typo.getMessage());

        // A corrupt frame among good ones is reported and skipped; every frame still gets its line.
        Path mixed = Files.createDirectory(temp.resolve("mixed"));
        for (int i = 1; i <= 30; i++) {
            Files.copy(frames.resolve(String.format("frame%04d.jpg", i)), mixed.resolve(String.format("%03d.jpg", i)));
        }
        byte[] good = Files.readAllBytes(mixed.resolve("016.jpg"));
        Files.write(mixed.resolve("016.jpg"), java.util.Arrays.copyOf(good, good.length / 3));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> lines = run(err, mixed.toString());
        assertEquals(31, lines.size());
        String errors = err.toString(StandardCharsets.UTF_8);
        assertTrue(errors.contains("016.jpg skipped") && errors.contains("1 of 30 frames unreadable"), errors);
    }

    private static List<String> run(String... args) throws IOException {
        return run(new ByteArrayOutputStream(), args);
    }

    private static List<String> run(ByteArrayOutputStream err, String... args) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = MotionDetect.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status);
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
