package nightjar.config.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Vector;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileWriterTest {
    /** A file as we ship them: a header, a comment per key, blank lines, a key without a value. */
    private static final String SHIPPED = """
            # Motion detection for the camera "front". Edits apply live.

            # 1 (only strong changes) to 100 (the faintest).
            sensitivity = 50
            # Empty: the whole picture.
            zones =
            enabled = true

            # Seconds without motion after which an event ends.
            eventGapSeconds = 5
            """;

    /** What FileInstall's reading changes unless it is escaped for it: backslashes, braces, placeholders. */
    private static final String NASTY = "p\\a\\\\s{s}\\{w\\}o${user.home}r\\${d}\"'";

    @TempDir
    Path dir;

    private final ConfigFileWriter writer = new ConfigFileWriter(StandardCharsets.ISO_8859_1, null);

    /** What FileInstall 3.7.4 makes of a file: its ConfigInstaller.setConfig, with its own (shaded) reader. */
    static Map<String, Object> readByFileInstall(Path file) throws IOException {
        var properties = new org.apache.felix.fileinstall.shaded.util.properties.TypedProperties(
                (name, key, value) -> System.getProperty(value));
        try (Reader in = new InputStreamReader(Files.newInputStream(file), StandardCharsets.ISO_8859_1)) {
            properties.load(in);
        }
        Map<String, Object> read = new HashMap<>();
        for (String key : properties.keySet()) {
            read.put(key, properties.get(key));
        }
        return read;
    }

    private Path shipped() throws IOException {
        return Files.writeString(dir.resolve("nightjar.motion-front.cfg"), SHIPPED, StandardCharsets.ISO_8859_1);
    }

    private static Map<String, Object> shippedValues() {
        return new HashMap<>(Map.of("sensitivity", "50", "zones", "", "enabled", "true", "eventGapSeconds", "5"));
    }

    @Test
    void everyConfigAdminTypeIsReadBackByFileInstallWithItsType() throws Exception {
        Map<String, Object> values = new HashMap<>();
        values.put("name", "Front \"door\" = #1 : \\ C:\\temp\n  second line\t");
        values.put("password", NASTY);
        values.put("international", "Caméra € 日本 \uD83C\uDFA5");
        values.put("empty", "");
        values.put("fps", 15);
        values.put("bytes", 5_000_000_000L);
        values.put("enabled", true);
        values.put("ratio", 0.3d);
        values.put("gain", 1.5f);
        values.put("small", (short) 7);
        values.put("tiny", (byte) -2);
        values.put("letter", 'x');
        values.put("cameras", new String[] {"front", "back, garden", ""});
        values.put("pins", new int[] {17, 18});
        values.put("ports", new Integer[] {8443, 8080});
        values.put("flags", new boolean[] {true, false});
        Path file = dir.resolve("nightjar.test.cfg");

        assertTrue(writer.write(file, values));

        Map<String, Object> read = readByFileInstall(file);
        assertEquals(values.keySet(), read.keySet());
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            Object back = read.get(entry.getKey());
            assertEquals(entry.getValue().getClass(), back.getClass(), entry.getKey());
            assertTrue(java.util.Objects.deepEquals(entry.getValue(), back), entry.getKey() + ": " + back);
        }
        String written = Files.readString(file, StandardCharsets.ISO_8859_1);
        assertTrue(written.contains("fps = I\"15\"") && written.contains("Cam\u00e9ra \\u20ac"), written);
        assertFalse(writer.write(file, values), "written once, the same values are not written again");
    }

    @Test
    void backslashesBracesAndPlaceholdersSurviveInPlainAndTypedFiles() throws Exception {
        Path file = shipped();
        Map<String, Object> values = shippedValues();
        values.put("zones", NASTY);
        values.put("minArea", "C:\\temp\\{x}");

        assertTrue(writer.write(file, values));
        assertEquals(values, readByFileInstall(file), Files.readString(file));
        assertTrue(Files.readString(file).contains("sensitivity = 50"), "still plain");

        values.put("sensitivity", 50);
        assertTrue(writer.write(file, values), "typed now, every line is written again");
        assertEquals(values, readByFileInstall(file), Files.readString(file));
        assertFalse(writer.write(file, values));
    }

    @Test
    void aValueFileInstallCannotReadBackIsRefusedAndTheFileKept() throws Exception {
        Path file = shipped();
        Map<String, Object> values = shippedValues();
        values.put("zones", "costs $__5");

        IOException refused = assertThrows(IOException.class, () -> writer.write(file, values));

        assertEquals("FileInstall would read [zones] back otherwise than saved", refused.getMessage(), "the key, not the value");
        assertEquals(SHIPPED, Files.readString(file));
    }

    @Test
    void aListBecomesAnArrayThatFileInstallReadsAsTyped() throws Exception {
        Path file = dir.resolve("nightjar.test.cfg");
        writer.write(file, Map.of("zones", new Vector<>(List.of("a", "b")), "fps", 5));
        Map<String, Object> read = readByFileInstall(file);
        assertArrayEquals(new String[] {"a", "b"}, (String[]) read.get("zones"));
        assertEquals(5, read.get("fps"), "one untyped-looking value would have made every value a string");
    }

    @Test
    void stringsKeepThePlainStyleCommentsAndOrder() throws Exception {
        Path file = shipped();
        Map<String, Object> values = shippedValues();
        values.put("sensitivity", "35");

        assertTrue(writer.write(file, values));

        assertEquals(SHIPPED.replace("sensitivity = 50", "sensitivity = 35"), Files.readString(file));
        assertEquals(values, readByFileInstall(file));
    }

    @Test
    void aTypedValueTypesTheFileAndKeepsItsComments() throws Exception {
        Path file = shipped();
        Map<String, Object> values = shippedValues();
        values.put("sensitivity", 35);
        values.put("enabled", false);

        assertTrue(writer.write(file, values));

        assertEquals("""
                # Motion detection for the camera "front". Edits apply live.

                # 1 (only strong changes) to 100 (the faintest).
                sensitivity = I"35"
                # Empty: the whole picture.
                zones = ""
                enabled = B"false"

                # Seconds without motion after which an event ends.
                eventGapSeconds = "5"
                """, Files.readString(file));
        assertEquals(values, readByFileInstall(file));
    }

    @Test
    void removedKeysGoAndNewOnesComeLast() throws Exception {
        Path file = shipped();
        Map<String, Object> values = shippedValues();
        values.remove("zones");
        values.put("minFrames", "2");
        values.put("absorbSeconds", "30");

        assertTrue(writer.write(file, values));

        String written = Files.readString(file);
        assertFalse(written.contains("zones"), written);
        assertTrue(written.startsWith("# Motion detection") && written.endsWith("eventGapSeconds = 5\nabsorbSeconds = 30\nminFrames = 2\n"),
                written);
        assertEquals(values, readByFileInstall(file));
    }

    @Test
    void whatTheFileAlreadyHoldsIsNotWritten() throws Exception {
        Path file = shipped();
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(1_000_000));
        Object inode = Files.getAttribute(file, "unix:ino");

        assertFalse(writer.write(file, readByFileInstall(file)));

        assertEquals(SHIPPED, Files.readString(file));
        assertEquals(1_000_000, Files.getLastModifiedTime(file).toMillis(), "FileInstall sees no change");
        assertEquals(inode, Files.getAttribute(file, "unix:ino"));
    }

    @Test
    void aValueFromAPlaceholderCountsAsUnchangedAndKeepsThePlaceholder() throws Exception {
        ConfigFileWriter substituting = new ConfigFileWriter(StandardCharsets.ISO_8859_1,
                (name, key, value) -> value.equals("nightjar.home") ? "/opt/nightjar" : null);
        Path file = Files.writeString(dir.resolve("nightjar.recorder.cfg"), "directory = ${nightjar.home}/recordings\nfps = 0\n");

        assertFalse(substituting.write(file, Map.of("directory", "/opt/nightjar/recordings", "fps", "0")));
        assertTrue(substituting.write(file, Map.of("directory", "/opt/nightjar/recordings", "fps", "5")));

        assertEquals("directory = ${nightjar.home}/recordings\nfps = 5\n", Files.readString(file));
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path file = shipped();
        ConfigFileWriter failing = new ConfigFileWriter(StandardCharsets.ISO_8859_1, null, (temporary, target) -> {
            throw new IOException("No space left on device");
        });
        Map<String, Object> values = shippedValues();
        values.put("sensitivity", 35);

        IOException failure = assertThrows(IOException.class, () -> failing.write(file, values));

        assertEquals("No space left on device", failure.getMessage());
        assertEquals(SHIPPED, Files.readString(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "the temporary file is removed");
        }
    }

    @Test
    void aReaderSeesTheOldOrTheNewFileNeverAPartOfOne() throws Exception {
        Path file = shipped();
        Map<String, Object> first = shippedValues();
        first.put("sensitivity", 50);
        Map<String, Object> second = shippedValues();
        second.put("sensitivity", 35);
        second.put("zones", "include 0,0.4 1,0.4 1,1 0,1; exclude 0.8,0 1,0 1,0.2".repeat(50));
        writer.write(file, first);
        String old = Files.readString(file);
        writer.write(file, second);
        String changed = Files.readString(file);

        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> torn = new AtomicReference<>();
        Thread scanner = new Thread(() -> {
            while (!done.get() && torn.get() == null) {
                try {
                    String seen = Files.readString(file);
                    if (!seen.equals(old) && !seen.equals(changed)) {
                        torn.set(seen);
                    }
                } catch (IOException e) {
                    torn.set(e.toString());
                }
            }
        }, "scanner");
        scanner.start();
        try {
            for (int i = 0; i < 200 && torn.get() == null; i++) {
                writer.write(file, i % 2 == 0 ? first : second);
            }
        } finally {
            done.set(true);
            scanner.join(10_000);
        }
        assertEquals(null, torn.get(), "a reader saw neither the old nor the new file");
    }

    @Test
    void aRewrittenFileKeepsItsModeAndANewOneIsTheOwners() throws Exception {
        Path file = shipped();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        Map<String, Object> values = shippedValues();
        values.put("sensitivity", "35");
        writer.write(file, values);
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        Path created = dir.resolve("nightjar.camera-new.cfg");
        writer.write(created, Map.of("password", "secret"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(created)));
    }

    @Test
    void aLinkedFileIsWrittenWhereTheLinkPoints() throws Exception {
        Path real = shipped();
        Path link = Files.createSymbolicLink(dir.resolve("nightjar.motion-link.cfg"), real);
        Map<String, Object> values = shippedValues();
        values.put("sensitivity", "35");

        writer.write(link, values);

        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Files.readString(real).contains("sensitivity = 35"));
    }
}
