package nightjar.recorder.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import nightjar.api.recording.Clip;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingStoreTest {
    @TempDir
    Path root;

    @Test
    void deletesAFinishedClipByNameAndNothingElse() throws Exception {
        RecordingStore store = new RecordingStore(root, ZoneOffset.UTC);
        ClipFiles clip = new ClipFiles(root, "front", "2026-12-01/101500-motion");
        Files.createDirectories(clip.video().getParent());
        Files.write(clip.video(), new byte[100]);
        Files.write(clip.poster(), new byte[10]);
        ClipFiles writing = new ClipFiles(root, "front", "2026-12-01/101600-motion");
        Files.write(writing.part(), new byte[100]);
        Path secret = root.resolve("secret.txt");
        Files.writeString(secret, "keep");

        for (String name : new String[] {"../secret", "2026-12-01/../../secret", "2026-12-01/101500-motion.ogg",
                "2026-12-01/101600-motion", "2026-12-01/999999-motion", ""}) {
            assertFalse(store.delete("front", name), name);
        }
        assertFalse(store.delete("../front", "2026-12-01/101500-motion"));
        assertFalse(store.delete("back", "2026-12-01/101500-motion"), "another camera's name");
        assertTrue(Files.exists(clip.video()));
        assertTrue(Files.exists(writing.part()), "a clip being written is not deleted");
        assertTrue(Files.exists(secret));

        assertTrue(store.delete("front", "2026-12-01/101500-motion"));
        assertFalse(Files.exists(clip.video()));
        assertFalse(Files.exists(clip.poster()));
        assertTrue(Files.exists(writing.part()));
        assertFalse(store.delete("front", "2026-12-01/101500-motion"), "gone already");
    }

    @Test
    void listsEveryClipThatOverlapsTheIntervalNotOnlyThoseThatStartInIt() throws Exception {
        RecordingStore store = new RecordingStore(root, ZoneOffset.UTC);
        clip("2026-12-01/235800-motion", "2026-12-01T23:58:00Z", "2026-12-02T00:03:00Z");
        clip("2026-12-01/120000-manual", "2026-12-01T12:00:00Z", "2026-12-01T12:01:00Z");
        clip("2026-12-02/000300-motion", "2026-12-02T00:03:00Z", "2026-12-02T00:04:00Z");

        assertEquals(List.of("2026-12-01/120000-manual", "2026-12-01/235800-motion"),
                names(store, "2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z"));
        assertEquals(List.of("2026-12-01/235800-motion", "2026-12-02/000300-motion"),
                names(store, "2026-12-02T00:00:00Z", "2026-12-03T00:00:00Z"), "the clip across midnight is on both days");
        assertEquals(List.of("2026-12-02/000300-motion"), names(store, "2026-12-02T00:03:00Z", "2026-12-02T00:10:00Z"),
                "a clip that ends where the interval begins is not in it");
        assertEquals(List.of("2026-12-01/120000-manual"), names(store, "2026-12-01T11:00:00Z", "2026-12-01T12:00:01Z"));
    }

    @Test
    void findsADayLongClipThatStartedTwoFolderDaysBeforeAfterTheShortDayOfSpringForward() throws Exception {
        // Berlin's 2026-03-29 has 23 hours: a clip of 23 h 50 min (a day is the longest) that began at
        // 23:30 on the 28th still runs at the start of the 30th, two folders back.
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        RecordingStore store = new RecordingStore(root, berlin);
        clip("2026-03-28/233000-continuous", "2026-03-28T22:30:00Z", "2026-03-29T22:20:00Z");

        assertEquals(List.of("2026-03-28/233000-continuous"),
                names(store, "2026-03-29T22:00:00Z", "2026-03-30T22:00:00Z"));
    }

    @Test
    void anIntervalToTheEndsOfTimeListsTheClipsInsteadOfFailing() throws Exception {
        RecordingStore store = new RecordingStore(root, ZoneOffset.UTC);
        clip("2026-12-01/120000-manual", "2026-12-01T12:00:00Z", "2026-12-01T12:01:00Z");

        // Instant's own limits lie beyond LocalDate's: the day folders to look at are found all the same.
        assertEquals(List.of("2026-12-01/120000-manual"),
                names(store, Instant.MIN.toString(), Instant.MAX.toString()));
    }

    private void clip(String name, String start, String end) throws Exception {
        ClipFiles files = new ClipFiles(root, "front", name);
        Files.createDirectories(files.video().getParent());
        Files.write(files.video(), new byte[100]);
        String reason = name.substring(name.lastIndexOf('-') + 1);
        new Sidecar("front", name, reason, Instant.parse(start), Instant.parse(end), 10, 0, 0.1, false)
                .write(files.sidecar());
    }

    private static List<String> names(RecordingStore store, String from, String to) {
        return store.clips("front", Instant.parse(from), Instant.parse(to)).stream().map(Clip::name).toList();
    }
}
