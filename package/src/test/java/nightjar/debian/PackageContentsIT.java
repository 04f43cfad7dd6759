package nightjar.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nightjar.distribution.testing.Processes;

/**
 * The built {@code nightjar_<version>_all.deb}, read back with Debian's own tools: its control fields,
 * conffiles and files are what a Raspberry Pi OS or Debian system needs, its program is the distribution
 * tarball's files unchanged, its systemd unit is the SD-card image's and verifies, and lintian finds no
 * error.
 */
class PackageContentsIT {
    private static final Path TOP = Path.of(System.getProperty("nightjar.top", "..")).toAbsolutePath().normalize();
    private static Path deb;
    /** The package's files, as dpkg-deb -x writes them. */
    private static Path extracted;
    /** Path in the package (without the leading "."): "mode owner/group size" as dpkg-deb lists them. */
    private static final Map<String, String> contents = new TreeMap<>();
    private static final Map<String, String> links = new TreeMap<>();

    @BeforeAll
    static void readThePackage() throws Exception {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("nightjar.deb.dir")))) {
            List<Path> debs = files.filter(f -> f.getFileName().toString().matches("nightjar_.*_all\\.deb")).toList();
            assertEquals(1, debs.size(), "one package: " + debs);
            deb = debs.get(0);
        }
        extracted = deb.resolveSibling("extracted");
        if (Files.exists(extracted)) {
            deleteTree(extracted);
        }
        run("dpkg-deb", "-x", deb.toString(), extracted.toString());
        for (String line : run("dpkg-deb", "--contents", deb.toString()).lines().toList()) {
            // drwxr-xr-x root/root         0 2026-11-21 00:00 ./usr/share/nightjar/ (-> target for links)
            String[] f = line.split("\\s+", 6);
            String path = f[5];
            int arrow = path.indexOf(" -> ");
            if (arrow >= 0) {
                links.put(path.substring(1, arrow), path.substring(arrow + 4));
                path = path.substring(0, arrow);
            }
            path = path.substring(1);
            if (path.length() > 1 && path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            contents.put(path, f[0] + " " + f[1] + " " + (f[0].startsWith("-") ? f[2] : ""));
        }
    }

    @Test
    void theNameAndTheControlFieldsSayWhatItNeeds() throws Exception {
        String version = field("Version");
        assertEquals("nightjar_" + version + "_all.deb", deb.getFileName().toString());
        assertEquals("nightjar", field("Package"));
        assertEquals("all", field("Architecture"));
        // Debian 12 and Raspberry Pi OS bookworm have OpenJDK 17, Debian 13 and trixie OpenJDK 21.
        assertEquals("openjdk-17-jre-headless | openjdk-21-jre-headless | java17-runtime-headless, adduser",
                field("Depends"));
        String recommends = field("Recommends");
        assertTrue(recommends.contains("rpicam-apps | gstreamer1.0-libcamera"), recommends);
        assertTrue(recommends.contains("ffmpeg"), recommends);
        run("dpkg-deb", "--info", deb.toString()); // the whole control archive parses
    }

    @Test
    void theProgramIsTheTarballsFilesWithTheirModes() throws Exception {
        Map<String, String> tarball = new TreeMap<>();
        for (String line : run("tar", "-tvzf", System.getProperty("nightjar.tarball")).lines().toList()) {
            String[] f = line.split("\\s+", 6);
            String path = f[5].replaceFirst("/$", "");
            if (path.startsWith("nightjar/") && !path.matches("nightjar/(config|data)(/.*)?")) {
                tarball.put(path.substring("nightjar".length()),
                        f[0] + " root/root " + (f[0].startsWith("-") ? f[2] : ""));
            }
        }
        assertTrue(tarball.containsKey("/bin/nightjar") && tarball.containsKey("/bundles/nightjar.camera.jar"), "" + tarball);
        for (Map.Entry<String, String> file : tarball.entrySet()) {
            assertEquals(file.getValue(), contents.get("/usr/share/nightjar" + file.getKey()), file.getKey());
        }
        assertTrue(contents.get("/usr/share/nightjar/bin/nightjar").startsWith("-rwxr-xr-x root/root "));
        // The launcher finds its configuration and data through links; the recordings are mounted by the unit.
        assertEquals("/etc/nightjar", links.get("/usr/share/nightjar/config"));
        assertEquals("/var/lib/nightjar", links.get("/usr/share/nightjar/data"));
        assertEquals("drwxr-xr-x root/root ", contents.get("/usr/share/nightjar/recordings"));
        assertFalse(contents.keySet().stream().anyMatch(p -> p.startsWith("/var/") || p.startsWith("/opt/")),
                "state is made by postinst, not shipped");
    }

    @Test
    void theConfigurationIsConffilesForTheOwnerOnly() throws Exception {
        List<String> conffiles = run("dpkg-deb", "--info", deb.toString(), "conffiles").lines().sorted().toList();
        List<String> expected = new ArrayList<>();
        try (Stream<Path> files = Files.list(TOP.resolve("config"))) {
            files.map(f -> "/etc/nightjar/" + f.getFileName()).sorted().forEach(expected::add);
        }
        assertEquals(expected, conffiles);
        assertTrue(expected.contains("/etc/nightjar/nightjar.security.cfg"), "" + expected);
        assertEquals("drwx------ root/root ", contents.get("/etc/nightjar"));
        for (String file : expected) {
            assertTrue(contents.get(file).startsWith("-rw------- root/root "), file + ": " + contents.get(file));
        }
        for (String file : expected) { // the shipped configuration, unchanged
            assertEquals(Files.readString(TOP.resolve("config").resolve(Path.of(file).getFileName())),
                    Files.readString(extracted.resolve(file.substring(1))), file);
        }
    }

    @Test
    void theUnitIsTheImagesWithThePackagesPathsAndVerifies(@TempDir Path root) throws Exception {
        Processes.copyTree(extracted, root, Processes.Existing.KEEP);
        Path unit = root.resolve("lib/systemd/system/nightjar.service");
        assertEquals(Files.readString(TOP.resolve("image/rootfs/etc/systemd/system/nightjar.service")),
                Files.readString(unit), "one unit file for the image and the package");
        assertEquals("-rw-r--r-- root/root ", contents.get("/lib/systemd/system/nightjar.service").substring(0, 21));
        String dropIn = Files.readString(root.resolve("lib/systemd/system/nightjar.service.d/package.conf"));
        assertTrue(dropIn.contains("ExecStart=\nExecStart=/usr/share/nightjar/bin/nightjar\n"), dropIn);
        assertTrue(dropIn.contains("ReadWritePaths=\nReadWritePaths=/etc/nightjar /var/lib/nightjar\n"), dropIn);
        // What the unit sees, as on a merged-/usr system: the package's files and the host's units.
        Path lib = root.resolve("lib");
        Processes.copyTree(lib, root.resolve("usr/lib"), Processes.Existing.KEEP);
        deleteTree(lib);
        Files.createSymbolicLink(lib, Path.of("usr/lib"));
        Processes.copyTree(Path.of("/usr/lib/systemd/system"), root.resolve("usr/lib/systemd/system"),
                Processes.Existing.KEEP);
        String verify = run("systemd-analyze", "verify", "--man=no", "--root=" + root, "nightjar.service");
        assertEquals("", verify.strip(), "systemd-analyze has complaints");
        String shown = run("systemd-analyze", "cat-config", "--root=" + root, "systemd/system/nightjar.service");
        assertTrue(shown.contains("package.conf"), shown);
    }

    @Test
    void udevGivesTheDmaHeapsThatLibcameraNeedsToTheGroupVideo() throws Exception {
        // The service runs as nightjar (groups video, gpio); on Debian /dev/dma_heap/* are root's.
        String path = "/lib/udev/rules.d/60-nightjar-dma.rules";
        assertTrue(contents.containsKey(path), path + " is in the package");
        assertEquals("-rw-r--r-- root/root ", contents.get(path).substring(0, 21), path);
        List<String> rules = Files.readAllLines(extracted.resolve(path.substring(1))).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        assertEquals(List.of("SUBSYSTEM==\"dma_heap\", GROUP=\"video\", MODE=\"0660\""), rules,
                "the DMA heaps only: /dev/udmabuf stays the group kvm's, as Debian has it");
        // The system test's VM shows udev applying it: the package's service streams libcamera's virtual camera.
    }

    @Test
    void lintianFindsNoError() throws Exception {
        // Allowed, and why: the project's history is its git log, not a Debian changelog.
        List<String> allowed = List.of("no-changelog");
        Processes.Result lintian = exec(List.of("lintian", "--tag-display-limit", "0", deb.toString()));
        List<String> errors = lintian.output().lines().filter(l -> l.startsWith("E: "))
                .filter(l -> allowed.stream().noneMatch(tag -> l.contains(": " + tag + " "))).toList();
        assertTrue(errors.isEmpty(), "lintian errors:\n" + lintian.output());
        System.out.println("lintian: " + lintian.output().lines().filter(l -> l.matches("[EW]: .*")).count()
                + " errors and warnings (allowed: " + allowed + ")\n" + lintian.output());
    }

    private static String field(String name) throws Exception {
        return run("dpkg-deb", "--field", deb.toString(), name).strip();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static String run(String... command) throws Exception {
        Processes.Result result = exec(List.of(command));
        assertEquals(0, result.exitCode(), String.join(" ", command) + ":\n" + result.output());
        return result.output();
    }

    private static Processes.Result exec(List<String> command) throws Exception {
        return Processes.run(Path.of("").toAbsolutePath(), command);
    }
}
