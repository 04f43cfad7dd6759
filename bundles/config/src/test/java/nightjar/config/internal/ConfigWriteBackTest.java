package nightjar.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;

class ConfigWriteBackTest {
    @TempDir
    Path dir;

    /** ConfigAdmin's configurations, by PID; each update is counted. */
    private final Map<String, Dictionary<String, Object>> store = new LinkedHashMap<>();
    private final List<String> updates = new ArrayList<>();

    @Test
    void namesFilesTheWayFileInstallReadsThem() {
        assertEquals("nightjar.security.cfg", ConfigWriteBack.fileName("nightjar.security", null));
        assertEquals("nightjar.camera-front.cfg", ConfigWriteBack.fileName("nightjar.camera~front", "nightjar.camera"));
        assertEquals("nightjar.camera-5d0e2c1a.cfg", ConfigWriteBack.fileName("nightjar.camera.5d0e2c1a", "nightjar.camera"));
    }

    @Test
    void aChangedConfigurationIsWrittenToItsFile() throws Exception {
        Path file = Files.writeString(dir.resolve("nightjar.security.cfg"), "# HTTPS\nhttpsPort = 8443\nmetricsToken =\n");
        put("nightjar.security", null, "httpsPort", 9443, "metricsToken", "", ConfigWriteBack.FILENAME, uri(file));
        ConfigWriteBack writeBack = writeBack();

        writeBack.configurationEvent(event(ConfigurationEvent.CM_UPDATED, "nightjar.security", null));

        assertEquals("# HTTPS\nhttpsPort = I\"9443\"\nmetricsToken = \"\"\n", Files.readString(file));
        assertEquals(List.of(), updates, "a linked configuration is only written");
    }

    @Test
    void aFileEditedAgainBeforeTheLastEditsUpdateIsHeardIsNotWrittenOver() throws Exception {
        Path file = Files.writeString(dir.resolve("nightjar.gpio.cfg"), "mode = AUTO\nledPin = 17\n");
        put("nightjar.gpio", null, "mode", "AUTO", "ledPin", "17", ConfigWriteBack.FILENAME, uri(file));
        ConfigWriteBack writeBack = writeBack();
        // The user edits the file; FileInstall reads it and updates the configuration ...
        Files.writeString(file, "mode = ON\nledPin = 17\n");
        put("nightjar.gpio", null, "mode", "ON", "ledPin", "17", ConfigWriteBack.FILENAME, uri(file));
        // ... and the user edits it again before the update reaches the write-back.
        String second = "mode = AUTO\nledPin = 18\n";
        Files.writeString(file, second);

        writeBack.configurationEvent(event(ConfigurationEvent.CM_UPDATED, "nightjar.gpio", null));

        assertEquals(second, Files.readString(file), "the newer edit stays for FileInstall to read");

        // FileInstall reads it: the file holds the configuration, and a change made elsewhere is written again.
        put("nightjar.gpio", null, "mode", "AUTO", "ledPin", "18", ConfigWriteBack.FILENAME, uri(file));
        writeBack.configurationEvent(event(ConfigurationEvent.CM_UPDATED, "nightjar.gpio", null));
        assertEquals(second, Files.readString(file));
        put("nightjar.gpio", null, "mode", "OFF", "ledPin", "18", ConfigWriteBack.FILENAME, uri(file));
        writeBack.configurationEvent(event(ConfigurationEvent.CM_UPDATED, "nightjar.gpio", null));
        assertEquals(Map.of("mode", "OFF", "ledPin", "18"), ConfigFileWriterTest.readByFileInstall(file));
    }

    @Test
    void aFileWhoseCommentsAloneWereEditedTakesTheNextChange() throws Exception {
        Path file = Files.writeString(dir.resolve("nightjar.gpio.cfg"), "mode = AUTO\n");
        put("nightjar.gpio", null, "mode", "AUTO", ConfigWriteBack.FILENAME, uri(file));
        ConfigWriteBack writeBack = writeBack();
        // No value changed: FileInstall updates nothing, and no event comes.
        Files.writeString(file, "# the porch light\nmode = AUTO\n");
        put("nightjar.gpio", null, "mode", "ON", ConfigWriteBack.FILENAME, uri(file));

        writeBack.configurationEvent(event(ConfigurationEvent.CM_UPDATED, "nightjar.gpio", null));

        assertEquals("# the porch light\nmode = ON\n", Files.readString(file));
    }

    @Test
    void aConfigurationWithoutItsFileIsLinkedFirstAndThenWritten() throws Exception {
        put("nightjar.camera.5d0e2c1a", "nightjar.camera", "name", "Garage", "fps", 10);
        ConfigWriteBack writeBack = writeBack();

        writeBack.configurationEvent(event(ConfigurationEvent.CM_UPDATED, "nightjar.camera.5d0e2c1a", "nightjar.camera"));

        Path file = dir.resolve("nightjar.camera-5d0e2c1a.cfg");
        assertEquals(List.of("nightjar.camera.5d0e2c1a"), updates);
        assertEquals(new File(file.toString()).getAbsoluteFile().toURI().toString(),
                store.get("nightjar.camera.5d0e2c1a").get(ConfigWriteBack.FILENAME), "FileInstall's own form of the name");
        assertFalse(Files.exists(file), "FileInstall must find the configuration by its file before the file is there");

        writeBack.configurationEvent(event(ConfigurationEvent.CM_UPDATED, "nightjar.camera.5d0e2c1a", "nightjar.camera"));

        assertEquals(Map.of("name", "Garage", "fps", 10), ConfigFileWriterTest.readByFileInstall(file));
    }

    @Test
    void aFileThatDoesNotParseIsNotWrittenOver() throws Exception {
        String garbage = "enabled = true\nthis line is junk\nsensitivity = 50\n";
        Path file = Files.writeString(dir.resolve("nightjar.motion-front.cfg"), garbage);
        put("nightjar.motion~front", "nightjar.motion", "enabled", "true", "sensitivity", "50",
                "zones", "include 0,0 1,0 1,1", ConfigWriteBack.FILENAME, uri(file));

        writeBack().configurationEvent(event(ConfigurationEvent.CM_UPDATED, "nightjar.motion~front", "nightjar.motion"));

        assertEquals(garbage, Files.readString(file), "the user's file stays for the user to fix");
    }

    @Test
    void aDeletedConfigurationTakesItsFileWithIt() throws Exception {
        Path file = Files.writeString(dir.resolve("nightjar.camera-back.cfg"), "name = Back\n");
        put("nightjar.camera~back", "nightjar.camera", "name", "Back", ConfigWriteBack.FILENAME, uri(file));
        ConfigWriteBack writeBack = writeBack();
        store.remove("nightjar.camera~back");

        writeBack.configurationEvent(event(ConfigurationEvent.CM_DELETED, "nightjar.camera~back", "nightjar.camera"));

        assertFalse(Files.exists(file));
    }

    @Test
    void otherConfigurationsAreLeftToTheirOwners() throws Exception {
        Path file = Files.writeString(dir.resolve("org.apache.felix.http.cfg"), "org.osgi.service.http.port = 80\n");
        put("org.apache.felix.http", null, "org.osgi.service.http.port", 8080, ConfigWriteBack.FILENAME, uri(file));
        ConfigWriteBack writeBack = writeBack();

        writeBack.configurationEvent(event(ConfigurationEvent.CM_UPDATED, "org.apache.felix.http", null));
        writeBack.configurationEvent(event(ConfigurationEvent.CM_DELETED, "org.apache.felix.http", null));

        assertEquals("org.osgi.service.http.port = 80\n", Files.readString(file));
        assertEquals(List.of(), updates);
    }

    @Test
    void aFailedWriteIsLoggedAndTheFileKept() throws Exception {
        Path file = Files.writeString(dir.resolve("nightjar.security.cfg"), "httpsPort = 8443\n");
        put("nightjar.security", null, "httpsPort", 9443, ConfigWriteBack.FILENAME, uri(file));
        ConfigWriteBack writeBack = new ConfigWriteBack(admin(), dir, new ConfigFileWriter(StandardCharsets.ISO_8859_1, null,
                (temporary, target) -> {
                    throw new java.nio.file.FileSystemException(target.toString(), null, "Read-only file system");
                }));

        writeBack.configurationEvent(event(ConfigurationEvent.CM_UPDATED, "nightjar.security", null));

        assertEquals("httpsPort = 8443\n", Files.readString(file));
        try (var files = Files.list(dir)) {
            assertTrue(files.allMatch(file::equals), "no temporary file is left");
        }
    }

    private ConfigWriteBack writeBack() {
        return new ConfigWriteBack(admin(), dir, new ConfigFileWriter(StandardCharsets.ISO_8859_1, null));
    }

    private static String uri(Path file) {
        return file.toFile().getAbsoluteFile().toURI().toString();
    }

    private void put(String pid, @Nullable String factoryPid, Object... keysAndValues) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("service.pid", pid);
        if (factoryPid != null) {
            properties.put("service.factoryPid", factoryPid);
        }
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        store.put(pid, properties);
    }

    /** ConfigAdmin over {@link #store}, answering the two filters the write-back uses. */
    private ConfigurationAdmin admin() {
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ConfigurationAdmin.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("listConfigurations")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    String filter = (String) args[0];
                    List<Configuration> found = new ArrayList<>();
                    for (String pid : store.keySet()) {
                        if (filter.equals("(service.pid=" + pid + ")")
                                || (filter.equals("(" + ConfigWriteBack.FILENAME + "=*)") && store.get(pid).get(ConfigWriteBack.FILENAME) != null)) {
                            found.add(configuration(pid));
                        }
                    }
                    return found.isEmpty() ? null : found.toArray(Configuration[]::new);
                });
    }

    private Configuration configuration(String pid) {
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getPid" -> pid;
                    case "getProperties" -> new Hashtable<>(java.util.Collections.list(store.get(pid).keys()).stream()
                            .collect(java.util.stream.Collectors.toMap(k -> k, k -> store.get(pid).get(k))));
                    case "update" -> {
                        store.put(pid, (Dictionary<String, Object>) args[0]);
                        updates.add(pid);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static ConfigurationEvent event(int type, String pid, @Nullable String factoryPid) {
        ServiceReference<ConfigurationAdmin> reference = (ServiceReference<ConfigurationAdmin>) Proxy.newProxyInstance(
                ConfigWriteBackTest.class.getClassLoader(), new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> null);
        return new ConfigurationEvent(reference, type, factoryPid, pid);
    }
}
