package nightjar.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nightjar.distribution.testing.Processes;

/**
 * What the default test run checks of the image without building it: every shell script of the project
 * passes shellcheck (warnings and errors; its style notes are left to the author), and the image's systemd
 * units pass {@code systemd-analyze verify} against a root with the image's files and the host's units.
 */
class ScriptsTest {
    private static final Path TOP = Paths.get(System.getProperty("nightjar.top", "..")).toAbsolutePath().normalize();
    private static final Path UNITS = Paths.get("image/rootfs/etc/systemd/system");

    @Test
    void everyShellScriptPassesShellcheck() throws Exception {
        List<String> command = new ArrayList<>(List.of("shellcheck", "--severity=warning", "--external-sources"));
        List<Path> scripts = new ArrayList<>();
        for (String dir : List.of("scripts", "image", "package/src/deb", "systemtest/vm", "bench")) {
            try (Stream<Path> files = Files.walk(TOP.resolve(dir))) {
                files.filter(file -> !file.toString().contains("/target/"))
                        .filter(ScriptsTest::isShellScript)
                        .sorted()
                        .forEach(scripts::add);
            }
        }
        assertFalse(scripts.isEmpty());
        scripts.forEach(script -> command.add(TOP.relativize(script).toString()));
        Processes.Result result = Processes.run(TOP, command);
        assertEquals(0, result.exitCode(), "shellcheck " + scripts.size() + " scripts:\n" + result.output());
    }

    @Test
    void theImagesUnitsVerify(@TempDir Path root) throws Exception {
        // As on the image: the host's units (to resolve the targets), the package's unit and its drop-in with a
        // stand-in for the launcher, then the image's own files.
        Processes.copyTree(Paths.get("/usr/lib/systemd/system"), root.resolve("usr/lib/systemd/system"),
                Processes.Existing.REPLACE);
        Files.copy(TOP.resolve(UNITS).resolve("nightjar.service"), root.resolve("usr/lib/systemd/system/nightjar.service"));
        Path dropIns = Files.createDirectories(root.resolve("usr/lib/systemd/system/nightjar.service.d"));
        Files.copy(TOP.resolve("package/src/deb/systemd/package.conf"), dropIns.resolve("package.conf"));
        Path launcher = root.resolve("usr/share/nightjar/bin/nightjar");
        Files.createDirectories(launcher.getParent());
        Files.writeString(launcher, "#!/bin/sh\n");
        launcher.toFile().setExecutable(true);
        Processes.copyTree(TOP.resolve("image/rootfs"), root, Processes.Existing.REPLACE);
        // The package installs the unit (from this same file); the image has no copy of its own.
        Files.delete(root.resolve("etc/systemd/system/nightjar.service"));
        List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify", "--man=no", "--root=" + root));
        try (Stream<Path> units = Files.list(TOP.resolve(UNITS))) {
            units.filter(Files::isRegularFile).map(unit -> unit.getFileName().toString()).sorted().forEach(command::add);
        }
        Processes.Result result = Processes.run(root, command);
        assertEquals(0, result.exitCode(), String.join(" ", command) + ":\n" + result.output());
        assertEquals("", result.output().strip(), "systemd-analyze has complaints");
        // Drop-ins apply in the order of their names: the image's ExecStartPre= must come after the package's reset.
        try (Stream<Path> packageDropIns = Files.list(TOP.resolve("package/src/deb/systemd"))) {
            packageDropIns.map(dropIn -> dropIn.getFileName().toString()).forEach(name -> assertTrue(
                    name.compareTo("sd-card.conf") < 0, "the package's drop-in " + name + " applies after the image's sd-card.conf"));
        }
        assertTrue(Files.isRegularFile(TOP.resolve(UNITS).resolve("nightjar.service.d/sd-card.conf")));
    }

    private static boolean isShellScript(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        if (file.toString().endsWith(".sh")) {
            return true;
        }
        try {
            String first = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
            return first.matches("#!\\s*(/usr)?/bin/(env\\s+)?(ba)?sh\\b.*");
        } catch (IOException e) {
            return false;
        }
    }
}
