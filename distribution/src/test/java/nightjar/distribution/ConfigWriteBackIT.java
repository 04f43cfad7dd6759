package nightjar.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The files of {@code config/} as the web console changes them: a first start leaves every file as it
 * was (FileInstall's own write-back, which could empty one, is off); a Save in the console is written
 * back to the file once, with FileInstall's types and the file's comments; a configuration made in
 * the console gets a file and one deleted there loses it; and all of it holds across a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfigWriteBackIT {
    private static final String MOTION = "nightjar.motion-front.cfg";
    private static Appliance appliance;
    private static Map<String, String> shipped;
    private static String shippedMotion;
    private static String motion;
    private static String made;
    private static String motionMode;

    @BeforeAll
    static void unpackAndStart() throws Exception {
        appliance = Appliance.unpack("config");
        shipped = files();
        shippedMotion = Files.readString(config(MOTION));
        motionMode = PosixFilePermissions.toString(Files.getPosixFilePermissions(config(MOTION)));
        appliance.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (appliance == null) {
            return;
        }
        String output = appliance.finish("configuration write-back");
        assertEquals(List.of(), Appliance.errors(output));
        assertEquals(List.of(), output.lines().filter(line -> line.contains(" WARN ConfigWriteBack")).toList());
    }

    /** Every file in {@code config/} by name: when it was last written, and its content. */
    private static Map<String, String> files() throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> listed = Files.list(appliance.home().resolve("config"))) {
            for (Path file : listed.toList()) {
                files.put(file.getFileName().toString(), Files.getLastModifiedTime(file) + "\n" + Files.readString(file));
            }
        }
        return files;
    }

    private static Path config(String name) {
        return appliance.home().resolve("config").resolve(name);
    }

    /** Posts a web console form to {@code /system/console/configMgr/<pid>}; returns the status and the headers. */
    private static String[] console(String pid, String... fields) throws Exception {
        Path headers = Files.createTempFile("console", ".headers");
        try {
            List<String> options = new ArrayList<>(List.of("-D", headers.toString(), "--data-urlencode", "pid=" + pid));
            for (String field : fields) {
                options.addAll(List.of("--data-urlencode", field));
            }
            Commands.Result result = appliance.curl("/system/console/configMgr/"
                    + java.net.URLEncoder.encode(pid, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"),
                    options.toArray(String[]::new));
            return new String[] {result.stdout(), Files.readString(headers)};
        } finally {
            Files.delete(headers);
        }
    }

    private static void await(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.call()) {
            assertTrue(System.nanoTime() < deadline, what + " within 30 s:\n" + appliance.printableLog());
            Thread.sleep(250);
        }
    }

    private static long lines(Predicate<String> wanted) throws Exception {
        return appliance.log().lines().filter(wanted).count();
    }

    @Test
    @Order(1)
    void aFirstStartWritesNoFile() throws Exception {
        // FileInstall polls every second: give it a few rounds to (not) write anything back.
        Thread.sleep(4000);
        assertEquals(shipped, files(), "config/ after the first start is config/ as unpacked, not even written "
                + "again the same: nothing can catch a file half-written");
        assertEquals(0, lines(line -> line.contains("ConfigWriteBack")), "nothing was saved or linked");
    }

    @Test
    @Order(2)
    void aWebConsoleSaveIsWrittenBackOnceTypedWithTheFilesComments() throws Exception {
        String[] saved = console("nightjar.motion~front", "apply=true", "factoryPid=nightjar.motion",
                "propertylist=enabled,sensitivity,minArea,zones,minFrames,eventGapSeconds,analysisFps,absorbSeconds,lightChangePercent",
                "enabled=false", "sensitivity=35", "minArea=0.5", "zones=", "minFrames=2", "eventGapSeconds=5",
                "analysisFps=5", "absorbSeconds=30", "lightChangePercent=50");
        assertEquals("302", saved[0], saved[1]);
        await("the console's change in " + MOTION, () -> Files.readString(config(MOTION)).contains("sensitivity = I\"35\""));
        appliance.awaitLogLine(line -> line.contains("Motion detection for camera front is off (enabled = false)"), 30);

        motion = Files.readString(config(MOTION));
        for (String typed : List.of("enabled = B\"false\"", "sensitivity = I\"35\"", "minArea = D\"0.5\"", "zones = \"\"",
                "minFrames = I\"2\"", "eventGapSeconds = D\"5.0\"", "lightChangePercent = I\"50\"")) {
            assertTrue(motion.lines().anyMatch(typed::equals), typed + " in\n" + motion);
        }
        List<String> comments = shippedMotion.lines().filter(line -> line.startsWith("#")).toList();
        assertEquals(comments, motion.lines().filter(line -> line.startsWith("#")).toList(), "every comment, in order");
        assertEquals(keys(shippedMotion), keys(motion), "the keys in the file's order");
        assertEquals(motionMode, PosixFilePermissions.toString(Files.getPosixFilePermissions(config(MOTION))),
                "the file keeps its mode");

        String kept = stored("motion%007efront");
        assertTrue(kept.startsWith(":org.apache.felix.configadmin.revision:=L\"3\""),
                "three updates: FileInstall's first reading, the console's Save, the link to the file:\n" + kept);
        for (String typed : List.of("enabled=B\"false\"", "sensitivity=I\"35\"", "minFrames=I\"2\"", "zones=\"\"")) {
            assertTrue(kept.lines().anyMatch(typed::equals), typed + " in ConfigAdmin's store:\n" + kept);
        }
        Thread.sleep(4000);
        assertEquals(motion, Files.readString(config(MOTION)));
        assertEquals(1, lines(line -> line.contains("Configuration nightjar.motion~front saved to")),
                "written once: FileInstall's reading of it changes nothing, so it is not written again");
        assertEquals(kept, stored("motion%007efront"),
                "FileInstall read the file back as the configuration it is (values and types) and left it alone");
        try (Stream<Path> listed = Files.list(appliance.home().resolve("config"))) {
            assertTrue(listed.noneMatch(file -> file.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    /** What ConfigAdmin keeps of a configuration (felix.cm.dir), its revision included. */
    private static String stored(String name) throws Exception {
        return Files.readString(appliance.home().resolve("data/configurations/nightjar").resolve(name + ".config"));
    }

    /** How many nightjar.example configurations ConfigAdmin keeps (nightjar/example/<id>.config, nightjar/example~<name>). */
    private static long examples() throws Exception {
        Path store = appliance.home().resolve("data/configurations/nightjar");
        try (Stream<Path> files = Files.walk(store)) {
            return files.filter(Files::isRegularFile).filter(file -> store.relativize(file).toString().startsWith("example")).count();
        }
    }

    private static List<String> keys(String file) {
        return file.lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.substring(0, line.indexOf('=')).trim()).toList();
    }

    @Test
    @Order(3)
    void aConfigurationMadeInTheWebConsoleGetsAFile() throws Exception {
        String[] created = console("__Temporary PID replaced by real PID upon save__", "apply=true",
                "factoryPid=nightjar.example", "propertylist=greeting", "greeting=hello");
        assertEquals("302", created[0], created[1]);
        String location = created[1].lines().filter(line -> line.toLowerCase().startsWith("location:")).findFirst().orElseThrow();
        made = location.substring(location.lastIndexOf('/') + 1).trim();
        assertTrue(made.startsWith("nightjar.example."), location);
        String name = "nightjar.example-" + made.substring("nightjar.example.".length()) + ".cfg";
        await("config/" + name, () -> Files.exists(config(name)));
        assertEquals("greeting = hello\n", Files.readString(config(name)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config(name))),
                "a new file may hold a password: its owner's only");
    }

    @Test
    @Order(4)
    void everythingHoldsAcrossARestart() throws Exception {
        Map<String, String> before = files();
        String motionStored = stored("motion%007efront");
        assertTrue(appliance.stop(), "bin/nightjar stops on SIGTERM");
        int restart = appliance.log().length();
        appliance.start();
        await("motion off after the restart", () -> appliance.log().substring(restart)
                .contains("Motion detection for camera front is off (enabled = false)"));
        Thread.sleep(3000);

        assertEquals(before, files(), "the restart changed no file");
        assertEquals(motionStored, stored("motion%007efront"), "FileInstall found the file as ConfigAdmin kept it");
        assertEquals(1, examples(), "FileInstall found the console's configuration by its file and made no second one");
        Commands.Result form = Commands.run(appliance.home(), List.of("curl", "-sS", "--fail", "--cacert",
                appliance.certificate().toString(), "-u", "admin:" + appliance.password(),
                appliance.url("/api/settings/nightjar.motion/front")));
        assertTrue(form.stdout().matches("(?s).*\"id\":\"sensitivity\".*?\"value\":35\\b.*"), form.stdout());
    }

    @Test
    @Order(5)
    void aConfigurationDeletedInTheWebConsoleLosesItsFile() throws Exception {
        String name = "nightjar.example-" + made.substring("nightjar.example.".length()) + ".cfg";
        String[] deleted = console(made, "apply=true", "delete=true");
        assertEquals("200", deleted[0], deleted[1]);
        await("config/" + name + " deleted", () -> !Files.exists(config(name)));
        Thread.sleep(3000);
        assertFalse(Files.exists(config(name)), "and not made again");
        assertEquals(0, examples(), "ConfigAdmin keeps nothing of it");
        assertEquals(motion, Files.readString(config(MOTION)));
    }
}
