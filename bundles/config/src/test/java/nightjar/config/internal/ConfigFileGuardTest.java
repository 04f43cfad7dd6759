package nightjar.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.TreeMap;

import java.lang.reflect.Proxy;

import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.junit.jupiter.api.io.TempDir;

/** What the motion detector is handed when its file is overwritten with garbage while running, and when it is fixed. */
class ConfigFileGuardTest {
    private static final String ZONES = "include 0,0.4 1,0.4 1,1 0,1";

    @TempDir
    Path dir;

    private final ConfigFileGuard guard = new ConfigFileGuard(
            pid -> pid.equals("nightjar.motion") ? ConfigFileCheckTest.MOTION : null, StandardCharsets.ISO_8859_1, null);

    /** What FileInstall makes of the file, handed through the guard as ConfigAdmin hands it to the component. */
    private Map<String, Object> delivered(Path file) throws Exception {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("service.pid", "nightjar.motion~front");
        properties.put("service.factoryPid", "nightjar.motion");
        properties.put(ConfigWriteBack.FILENAME, file.toFile().getAbsoluteFile().toURI().toString());
        ConfigFileWriterTest.readByFileInstall(file).forEach(properties::put);
        guard.modifyConfiguration(null, properties);
        Map<String, Object> settings = new TreeMap<>();
        for (String key : java.util.Collections.list(properties.keys())) {
            if (!key.startsWith("service.") && !key.equals(ConfigWriteBack.FILENAME)) {
                settings.put(key, properties.get(key));
            }
        }
        return settings;
    }

    @Test
    void garbageKeepsTheLastGoodConfigurationAndAFixedFileApplies() throws Exception {
        Path file = dir.resolve("nightjar.motion-front.cfg");
        Files.writeString(file, "enabled = true\nsensitivity = 50\nzones = " + ZONES + "\n");
        assertEquals(Map.of("enabled", "true", "sensitivity", "50", "zones", ZONES), delivered(file));

        Files.write(file, new byte[] {'P', 'K', 3, 4, 0, 0, (byte) 0xff, '\n', 'x', ' ', '=', ' ', '1', '\n'});
        assertEquals(Map.of("enabled", "true", "sensitivity", "50", "zones", ZONES), delivered(file),
                "the detector keeps its zones");
        Files.writeString(file, "enabled = true\nsensitivity = fifty\nzones =\n");
        assertEquals(Map.of("enabled", "true", "sensitivity", "50", "zones", ZONES), delivered(file));

        Files.writeString(file, "enabled = true\nsensitivity = 70\nzones = " + ZONES + "\n");
        assertEquals(Map.of("enabled", "true", "sensitivity", "70", "zones", ZONES), delivered(file), "the fixed file applies");
    }

    @Test
    void aConfigurationHandedOutBeforeTheGuardStartedIsTheLastGood() throws Exception {
        Path file = dir.resolve("nightjar.motion-front.cfg");
        Files.writeString(file, "sensitivity = 50\nzones = " + ZONES + "\n");
        Configuration configuration = (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Configuration.class}, (proxy, method, args) -> new Hashtable<>(Map.of(
                        "service.pid", "nightjar.motion~front", "service.factoryPid", "nightjar.motion",
                        ConfigWriteBack.FILENAME, file.toUri().toString(), "sensitivity", "50", "zones", ZONES)));
        ConfigurationAdmin admin = (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> new Configuration[] {configuration});
        guard.checkExisting(admin); // the detector got this before the guard was there

        Files.writeString(file, "junk\n");
        assertEquals(Map.of("sensitivity", "50", "zones", ZONES), delivered(file));
    }

    @Test
    void aFileBadFromTheStartHasItsGoodLinesApplied() throws Exception {
        Path file = dir.resolve("nightjar.motion-front.cfg");
        Files.writeString(file, "this is junk\nsensitivity = fifty\nminFrames = 4\nzones = " + ZONES + "\n");
        assertEquals(Map.of("minFrames", "4", "zones", ZONES), delivered(file));
    }

    @Test
    void otherConfigurationsPassUntouched() throws Exception {
        Path file = Files.writeString(dir.resolve("org.apache.felix.http.cfg"), "junk line\n");
        Dictionary<String, Object> properties = new Hashtable<>(Map.of("service.pid", "org.apache.felix.http", "junk", "line",
                ConfigWriteBack.FILENAME, file.toUri().toString()));
        guard.modifyConfiguration(null, properties);
        assertEquals("line", properties.get("junk"));
    }
}
