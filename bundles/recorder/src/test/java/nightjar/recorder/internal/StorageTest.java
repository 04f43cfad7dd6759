package nightjar.recorder.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nightjar.api.event.EventProperties;
import nightjar.api.event.Topics;

/**
 * Retention and a full disk on a real, small file system: a 24 MB tmpfs mounted for the test (root
 * is needed to mount it; CI runs as root, and there the test must not be skipped).
 */
class StorageTest {
    private static final long MB = 1024 * 1024;
    @TempDir
    Path temporary;
    private Path mount;
    private final List<String> events = new ArrayList<>();
    private final List<String> holds = new ArrayList<>();
    private final Recorders.Log log = new Recorders.Log();
    private final TestFrames camera = new TestFrames(10);

    @BeforeEach
    void mountSmallFileSystem() throws Exception {
        mount = Files.createDirectory(temporary.resolve("small"));
        boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=24m,mode=0700", "tmpfs", mount.toString()) == 0;
        if (!"true".equals(System.getenv("CI"))) {
            assumeTrue(mounted, "mounting a tmpfs needs root");
        }
        assertTrue(mounted, "could not mount a tmpfs at " + mount);
    }

    @AfterEach
    void unmount() throws Exception {
        run("umount", mount.toString());
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(
                ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return process.exitValue();
    }

    private Storage storage(RecorderSettings settings, Clock clock) {
        return new Storage(settings, new RecordingStore(settings.directory(), ZoneOffset.UTC), clock, files -> false,
                (held, why) -> holds.add(held + ": " + why),
                (topic, properties) -> events.add(topic + " " + properties.get(EventProperties.FREE)));
    }

    /** A finished clip of {@code bytes} whose video was last written at {@code modified}. */
    private ClipFiles clip(Path root, String name, long bytes, Instant modified) throws IOException {
        ClipFiles files = new ClipFiles(root, "front", name);
        Files.createDirectories(files.video().getParent());
        Files.write(files.video(), new byte[(int) bytes]);
        Files.writeString(files.sidecar(), "{}");
        Files.setLastModifiedTime(files.video(), FileTime.from(modified));
        return files;
    }

    private static void fill(Path file, long bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer chunk = ByteBuffer.allocate((int) MB);
            for (long written = 0; written < bytes; written += MB) {
                chunk.clear();
                channel.write(chunk);
            }
        } catch (IOException full) {
            // Filled up to the last byte: what the test wants.
        }
    }

    @Test
    void retentionDeletesByAgeThenBySizeThenByFreeSpaceOldestFirst() throws Exception {
        Path root = mount.resolve("recordings");
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        ClipFiles ancient = clip(root, "2026-11-01/120000-motion", MB, now.minusSeconds(31 * 86_400));
        ClipFiles old = clip(root, "2026-11-30/120000-motion", 2 * MB, now.minusSeconds(86_400));
        ClipFiles middle = clip(root, "2026-12-01/100000-manual", 2 * MB, now.minusSeconds(7200));
        ClipFiles recent = clip(root, "2026-12-01/110000-motion", 2 * MB, now.minusSeconds(3600));
        Files.write(new ClipFiles(root, "front", "2026-12-01/115900-motion").part(), new byte[(int) MB]);
        Path foreign = root.resolve("front/2026-11-01/holiday.mp4");
        Files.write(foreign, new byte[1000]);

        storage(Recorders.settings(root, "maxAgeDays", 30, "minFreeMB", 1), clock).applyRetention();
        assertFalse(Files.exists(ancient.video()), "older than 30 days");
        assertFalse(Files.exists(ancient.sidecar()));
        assertTrue(Files.exists(old.video()));
        assertTrue(Files.exists(foreign), "files that are not clips are never touched");

        // 7 MB of recordings (the part included) against a limit of 5 MB: the two oldest go.
        storage(Recorders.settings(root, "maxTotalMB", 5, "minFreeMB", 1), clock).applyRetention();
        assertFalse(Files.exists(old.video()));
        assertFalse(Files.exists(middle.video()));
        assertTrue(Files.exists(recent.video()));

        // The floor: with 20 MB filled by another program, the last clip goes; the one being written never does.
        fill(mount.resolve("other-program.bin"), 19 * MB);
        Storage storage = storage(Recorders.settings(root, "minFreeMB", 4), clock);
        storage.check();
        assertFalse(Files.exists(recent.video()));
        assertTrue(Files.exists(new ClipFiles(root, "front", "2026-12-01/115900-motion").part()));
        assertTrue(storage.status().low(), "still below the floor with nothing left to delete");
        assertEquals(List.of("true: storage low: under the floor of 4.0 MB free, and no clip of ours is left to delete; "
                + "recording goes on at 5.0 MB free"), holds);
        assertEquals(Topics.STORAGE_LOW, events.get(0).split(" ")[0]);

        Files.delete(mount.resolve("other-program.bin"));
        storage.check();
        assertFalse(storage.status().low());
        assertEquals("false: ", holds.get(1));
    }

    /** A recorder whose write failures reach the storage watcher, as the component wires them. */
    private CameraRecorder recorder(RecorderSettings settings, Storage storage) {
        return new CameraRecorder("front", settings, ZoneOffset.UTC, () -> 10, new CameraRecorder.Listener() {
            @Override
            public void started(ClipFiles files, Reason reason) {
                log.started(files, reason);
            }

            @Override
            public void stopped(nightjar.api.recording.Clip clip, String why) {
                log.stopped(clip, why);
            }

            @Override
            public void failed(String cameraId, IOException cause) {
                storage.writeFailed(cameraId, cause);
            }
        });
    }

    @Test
    void aDiskFilledByAnotherProgramMakesRoomFromOldClipsAndRecordingGoesOnByItself() throws Exception {
        Path root = mount.resolve("recordings");
        Instant now = Instant.now();
        // Three old clips of 2 MB: room that retention can make.
        List<ClipFiles> old = new ArrayList<>();
        for (int day = 1; day <= 3; day++) {
            old.add(clip(root, "2026-11-0" + day + "/120000-motion", 2 * MB, now.minusSeconds((4 - day) * 86_400L)));
        }
        // A floor of 4 MB: recording goes on at 5 MB free (the floor plus a margin of 1 MB).
        RecorderSettings settings = Recorders.settings(root, "minFreeMB", 4, "preRollSeconds", 0);
        Storage storage = storage(settings, Clock.systemUTC());
        CameraRecorder recorder = recorder(settings, storage);
        storage.check();
        assertFalse(storage.held());
        recorder.manual(true);
        int frame = 0;
        for (; frame < 30; frame++) {
            recorder.frame(camera.frame(frame), 0, 0);
        }
        fill(mount.resolve("other-program.bin"), 64 * MB);
        for (; frame < 400 && log.why.isEmpty(); frame++) {
            recorder.frame(camera.frame(frame), 0, 0);
        }
        assertTrue(storage.held(), "the write failed on the full disk");

        // The watcher's next checks: the oldest clips go until recording can go on, and it does.
        storage.check();
        storage.check();
        assertFalse(storage.held(), "recording goes on without anyone deleting a file: " + holds);
        assertEquals("false: ", holds.get(holds.size() - 1));
        assertTrue(storage.status().freeBytes() >= 5 * MB, "free: " + storage.status().freeBytes());
        assertFalse(Files.exists(old.get(0).video()), "the oldest clip made room");
        assertTrue(Files.exists(mount.resolve("other-program.bin")), "the other program's file is never touched");
        recorder.hold(false, "");
        for (int i = 0; i < 20; i++, frame++) {
            recorder.frame(camera.frame(frame), 0, 0);
        }
        assertTrue(recorder.status().recording(), "recording resumed");

        // The other program takes the rest as well, and then nothing of ours is left to delete: recording
        // stays paused and says why, and goes on by itself when the other program's files are gone.
        fill(mount.resolve("other-program-2.bin"), 64 * MB);
        for (int i = 0; i < 400 && recorder.status().recording(); i++, frame++) {
            recorder.frame(camera.frame(frame), 0, 0);
        }
        assertTrue(storage.held());
        storage.check();
        storage.check();
        assertTrue(storage.held(), "nothing of ours is left to delete");
        assertTrue(new RecordingStore(root, ZoneOffset.UTC).contents().finished().isEmpty());
        String why = holds.get(holds.size() - 1);
        assertTrue(why.startsWith("true: ") && why.contains("no clip of ours is left to delete")
                && why.contains("recording goes on at 5.0 MB free"), why);
        Files.delete(mount.resolve("other-program-2.bin"));
        assertRecordingResumes(storage, recorder, frame);
    }

    /** Space is back: the storage lets recording go on, and the next frames (from {@code frame}) are written. */
    private void assertRecordingResumes(Storage storage, CameraRecorder recorder, int frame) {
        storage.check();
        assertFalse(storage.held());
        recorder.hold(false, "");
        for (int i = 0; i < 20; i++) {
            recorder.frame(camera.frame(frame + i), 0, 0);
        }
        assertTrue(recorder.status().recording(), "recording resumed");
        recorder.shutdown();
    }

    @Test
    void theDefaultFloorIsAShareOfTheFileSystem() {
        RecorderSettings automatic = Recorders.settings(mount);
        assertEquals(64 * MB, automatic.floorBytes(24 * MB), "at least 64 MB");
        assertEquals(64 * MB, automatic.floorBytes(1024 * MB));
        assertEquals(8192 * MB / 20, automatic.floorBytes(8192 * MB), "5 % of an 8 GB card");
        assertEquals(500 * MB, automatic.floorBytes(64 * 1024 * MB), "at most 500 MB");
        assertEquals(4 * MB, Recorders.settings(mount, "minFreeMB", 4).floorBytes(64 * 1024 * MB), "as configured");
    }

    @Test
    void aDiskThatFillsUpStopsTheClipCleanlyAndRecordingResumesWhenSpaceIsBack() throws Exception {
        Path root = mount.resolve("recordings");
        RecorderSettings settings = Recorders.settings(root, "minFreeMB", 1, "preRollSeconds", 0);
        Storage storage = storage(settings, Clock.systemUTC());
        CameraRecorder recorder = recorder(settings, storage);
        storage.check();
        recorder.manual(true);
        int frame = 0;
        for (; frame < 30; frame++) {
            recorder.frame(camera.frame(frame), 0, 0);
        }
        // Another program fills the disk.
        fill(mount.resolve("other-program.bin"), 64 * MB);
        for (; frame < 400 && log.why.isEmpty(); frame++) {
            recorder.frame(camera.frame(frame), 0, 0);
        }
        assertEquals(1, log.stopped.size(), "the clip stopped");
        assertTrue(log.why.get(0).startsWith("writing failed"), log.why.get(0));
        assertTrue(storage.held());
        assertEquals(Topics.STORAGE_LOW, events.get(0).split(" ")[0]);
        recorder.hold(true, "held");
        for (int i = 0; i < 20; i++, frame++) {
            recorder.frame(camera.frame(frame), 0, 0);
        }
        assertFalse(recorder.status().recording(), "nothing is written while the disk is full");

        Files.delete(mount.resolve("other-program.bin"));
        assertRecordingResumes(storage, recorder, frame);

        // The clip cut off by the full disk was kept, cut after its last whole page, and plays.
        List<RecordingStore.StoredClip> clips = new RecordingStore(root, ZoneOffset.UTC).contents().finished();
        assertEquals(2, clips.size(), clips.toString());
        Path first = clips.get(0).files().video();
        assertTrue(Media.duration(first) >= 2.5, "the frames before the disk filled: " + Media.duration(first));
        Media.decode(first);
        Media.decode(clips.get(1).files().video());
    }
}
