package nightjar.camera.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nightjar.api.camera.CameraState;
import nightjar.api.capture.testing.RecordingSink;

/**
 * The process source against small shell scripts that stand in for {@code rpicam-vid}, GStreamer or
 * ffmpeg: pictures out, raw frames out, garbage, a child that dies, one that hangs, one that is not
 * there, one with children of its own, and a JVM that is killed under its child.
 */
class ProcessSourceTest {
    private static final byte[] RED = TestJpegs.make(64, 48, Color.RED);
    private static final byte[] BLUE = TestJpegs.make(64, 48, Color.BLUE);

    @TempDir
    Path dir;
    private final RecordingSink sink = new RecordingSink();
    private ProcessSource source;

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void jpegsTheChildWritesAreTheCamerasPictures() throws Exception {
        Path frames = write("frames.mjpg", JpegStreamReaderTest.concat(RED, BLUE));
        start(script("while :; do cat '" + frames + "'; sleep 0.05; done"), ProcessSource.Output.JPEG,
                SourceClock.SYSTEM);
        RecordingSink.await("pictures", () -> sink.pictures.size() >= 4);
        for (RecordingSink.Picture picture : sink.pictures) {
            assertEquals(64, picture.width());
            assertEquals(48, picture.height());
        }
        assertEquals(List.of(new RecordingSink.State(CameraState.STARTING, "starting rpicam-vid")), sink.states);
    }

    @Test
    void rawI420PicturesAreEncodedAtTheirSize() throws Exception {
        byte[] gray = new byte[64 * 48 * 3 / 2];
        Arrays.fill(gray, (byte) 128);
        Arrays.fill(gray, 0, 64 * 48, (byte) 200);
        Path frames = write("frames.yuv", gray);
        start(script("while :; do cat '" + frames + "'; sleep 0.05; done"), ProcessSource.Output.I420,
                SourceClock.SYSTEM);
        RecordingSink.await("pictures", () -> sink.pictures.size() >= 2);
        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(sink.pictures.get(0).jpeg()));
        assertEquals(64, picture.getWidth());
        assertEquals(48, picture.getHeight());
        int rgb = picture.getRGB(32, 24);
        for (int shift : new int[] {16, 8, 0}) {
            assertEquals(200, rgb >> shift & 0xFF, 3, "a light gray picture: " + Integer.toHexString(rgb));
        }
    }

    @Test
    void garbageBetweenPicturesIsSkippedAndOnlyWholePicturesPass() throws Exception {
        byte[] garbage = new byte[20_000];
        new Random(7).nextBytes(garbage);
        byte[] cut = Arrays.copyOf(BLUE, BLUE.length - 40);
        Path frames = write("frames.bin", JpegStreamReaderTest.concat(garbage, cut, RED));
        start(script("while :; do cat '" + frames + "'; sleep 0.05; done"), ProcessSource.Output.JPEG,
                SourceClock.SYSTEM);
        RecordingSink.await("pictures", () -> sink.pictures.size() >= 3);
        for (RecordingSink.Picture picture : sink.pictures) {
            assertTrue(Arrays.equals(RED, picture.jpeg()), "only the whole picture passes");
        }
    }

    @Test
    void aChildThatDiesIsRestartedWithGrowingPausesAndItsLastWordIsTheMessage() throws Exception {
        Path starts = dir.resolve("starts");
        RemoteReconnectTest.FakeClock clock = new RemoteReconnectTest.FakeClock(2);
        start(script("echo started >> '" + starts + "'\necho 'ERROR: *** no cameras available ***' >&2\nexit 3"),
                ProcessSource.Output.JPEG, clock);
        RecordingSink.await("three starts", () -> lines(starts) == 3);
        RecordingSink.await("a third failure", () -> sink.states.size() >= 4);
        assertEquals(new RecordingSink.State(CameraState.ERROR,
                "rpicam-vid exited with code 3: ERROR: *** no cameras available ***; restarting"), sink.states.get(1));
        assertEquals(List.of(1_000L, 2_000L, 4_000L), clock.sleeps);
    }

    @Test
    void aChildThatHangsIsEndedAndRestarted() throws Exception {
        Path pid = dir.resolve("pid");
        RemoteReconnectTest.FakeClock clock = new RemoteReconnectTest.FakeClock(0);
        start(script("echo $$ > '" + pid + "'\nexec sleep 1000"), ProcessSource.Output.JPEG, clock);
        RecordingSink.await("the child", () -> lines(pid) == 1);
        ProcessHandle child = ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).orElseThrow();
        assertFalse(source.checkSilence(), "a child is given time for its first picture");
        clock.advance(ProcessSource.FIRST_PICTURE_MILLIS);
        RecordingSink.await("the hanging child's end", () -> !child.isAlive());
        RecordingSink.await("the reason", () -> sink.states.size() >= 2);
        assertEquals(new RecordingSink.State(CameraState.ERROR, "rpicam-vid wrote no picture for 15 s; restarting"),
                sink.states.get(1));
    }

    @Test
    void aProgramThatIsNotInstalledSaysSo() throws Exception {
        RemoteReconnectTest.FakeClock clock = new RemoteReconnectTest.FakeClock(0);
        source = new ProcessSource("front", new ProcessSource.Command(List.of(dir.resolve("rpicam-vid").toString()),
                Map.of(), ProcessSource.Output.JPEG, 64, 48, 80), sink, clock, false);
        source.start();
        RecordingSink.await("the reason", () -> sink.states.size() >= 2);
        assertEquals(new RecordingSink.State(CameraState.ERROR, "rpicam-vid is not installed (not found: "
                + dir.resolve("rpicam-vid") + "); restarting"), sink.states.get(1));
        assertFalse(ProcessSource.installed("surely-no-such-program", Map.of("PATH", "/usr/bin:/bin")));
        assertTrue(ProcessSource.installed("sh", Map.of("PATH", "/usr/bin:/bin")));
    }

    @Test
    void closingTheCameraEndsTheChildAndItsChildren() throws Exception {
        Path frames = write("frames.mjpg", RED);
        Path pids = dir.resolve("pids");
        start(script("sleep 1000 &\necho $! > '" + pids + "'\necho $$ >> '" + pids + "'\n"
                + "while :; do cat '" + frames + "'; sleep 0.05; done"), ProcessSource.Output.JPEG, SourceClock.SYSTEM);
        RecordingSink.await("a picture", () -> !sink.pictures.isEmpty());
        List<ProcessHandle> processes = Files.readAllLines(pids).stream()
                .map(line -> ProcessHandle.of(Long.parseLong(line.trim()))).flatMap(Optional::stream).toList();
        assertEquals(2, processes.size());
        source.close();
        for (ProcessHandle process : processes) {
            RecordingSink.await("process " + process.pid() + " to end", () -> !process.isAlive());
        }
    }

    @Test
    void theChildEndsWhenTheJvmIsKilled() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is installed");
        Path pid = dir.resolve("pid");
        Path child = script("echo $$ > '" + pid + "'\nexec sleep 1000");
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ProcessSourceMain.class.getName(), child.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("jvm.log").toFile()).start();
        try {
            RecordingSink.await("the child", () -> lines(pid) == 1);
            ProcessHandle started = ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).orElseThrow();
            jvm.destroyForcibly().waitFor();
            RecordingSink.await("the orphan to end", () -> !started.isAlive());
        } finally {
            jvm.destroyForcibly();
        }
    }

    private void start(Path program, ProcessSource.Output output, SourceClock clock) {
        source = new ProcessSource("front", new ProcessSource.Command(List.of(program.toString()), Map.of(), output,
                64, 48, 90), sink, clock, Files.isExecutable(Path.of("/usr/bin/setpriv")));
        source.start();
    }

    /** An executable script named rpicam-vid, so that messages read as they would. */
    private Path script(String body) throws IOException {
        Path script = dir.resolve("rpicam-vid");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static int lines(Path file) {
        try {
            return Files.exists(file) ? (int) Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** A JVM that runs a process source until it is killed. */
    static final class ProcessSourceMain {
        private ProcessSourceMain() {
        }

        public static void main(String[] arguments) throws InterruptedException {
            ProcessSource running = new ProcessSource("front", new ProcessSource.Command(List.of(arguments[0]),
                    Map.of(), ProcessSource.Output.JPEG, 64, 48, 90), new RecordingSink(), SourceClock.SYSTEM, true);
            running.start();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
