package nightjar.motion.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line reads a motion file in either form it has in config/: as shipped, or as saved typed. */
class ConfigFileTest {
    @TempDir
    Path dir;

    @Test
    void aPlainFileIsReadAsItIs() throws IOException {
        Path file = Files.writeString(dir.resolve("nightjar.motion-front.cfg"),
                "# shipped\nsensitivity = 35\nminArea = 0.5\nenabled = false\nzones = 0 0 50 50\n");
        MotionConfig config = ConfigFile.read(file, MotionConfig.class);
        assertEquals(35, config.sensitivity());
        assertEquals(0.5, config.minArea());
        assertFalse(config.enabled());
        assertEquals("0 0 50 50", config.zones());
        assertEquals(2, config.minFrames(), "a key left out takes its default");
    }

    @Test
    void aFileTheWebConsoleSavedTypedIsReadToo() throws IOException {
        // What nightjar.config writes (FileInstall's typed form) after a Save of Integer and Boolean fields.
        Path file = Files.writeString(dir.resolve("nightjar.motion-front.cfg"),
                "# shipped\nsensitivity = I\"35\"\nminArea = D\"0.5\"\nenabled = B\"false\"\nzones = \"0 0 50 50\"\n"
                        + "felix.fileinstall.filename = \"file:/opt/nightjar/config/nightjar.motion-front.cfg\"\n");
        MotionConfig config = ConfigFile.read(file, MotionConfig.class);
        assertEquals(35, config.sensitivity());
        assertEquals(0.5, config.minArea());
        assertFalse(config.enabled());
        assertEquals("0 0 50 50", config.zones());
    }
}
