package nightjar.recorder.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;

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
}
