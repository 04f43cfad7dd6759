package nightjar.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConfigFileLinkTest {
    @Test
    void namesFilesTheWayFileInstallReadsThem() {
        assertEquals("nightjar.security.cfg", ConfigFileLink.fileName("nightjar.security", null));
        assertEquals("nightjar.camera-front.cfg", ConfigFileLink.fileName("nightjar.camera~front", "nightjar.camera"));
        assertEquals("nightjar.camera-5d0e2c1a.cfg", ConfigFileLink.fileName("nightjar.camera.5d0e2c1a", "nightjar.camera"));
    }
}
