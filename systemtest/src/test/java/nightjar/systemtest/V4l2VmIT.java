package nightjar.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Capture from a real V4L2 driver: the distribution, unchanged and with its shipped configuration
 * ({@code source=auto}), runs in a Debian 13 VM whose kernel has the vivid virtual camera loaded; the
 * host fetches pictures over HTTPS with curl and ffmpeg and checks they are vivid's colour bars.
 * Then the camera is unplugged (the driver unbound) and the module reloaded, and the camera must go
 * to ERROR and come back. In the same boot, the Debian package replaces the tarball: it installs with
 * apt (offline: the VM has what it depends on), its service serves vivid's pictures, an upgrade keeps
 * the configuration and the accounts. Then the package's service, as its own user, captures from a
 * real libcamera camera (libcamera 0.7's virtual pipeline handler, through GStreamer's libcamerasrc),
 * and a purge leaves nothing behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class V4l2VmIT {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;
    /** vivid's default pattern, 75% colour bars: white, yellow, cyan, green, magenta, red, blue, black. */
    private static final int[][] BARS = {{1, 1, 1}, {1, 1, 0}, {0, 1, 1}, {0, 1, 0}, {1, 0, 1}, {1, 0, 0},
        {0, 0, 1}, {0, 0, 0}};
    private static final Pattern CAMERA = Pattern.compile("\"id\":\"front\".*?\"state\":\"([A-Z]+)\","
            + "\"message\":\"([^\"]*)\"");

    /**
     * libcamera's virtual camera: 640x480 colour bars in vivid's order at full level, which move one
     * column to the left with every frame.
     */
    private static final String VIRTUAL_CAMERA = """
            %YAML 1.1
            ---
            "Virtual0":
              supported_formats:
              - width: 640
                height: 480
                frame_rates:
                - 1
                - 30
              test_pattern: "bars"
              location: "CameraLocationFront"
            """;
    private static final String VIRTUAL_CAMERA_FILE = "/usr/share/libcamera/pipeline/virtual/virtual.yaml";

    /** apt in the guest: offline, without questions; what the package recommends is not there, and not needed. */
    private static final String APT = "DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Use-Pty=0";

    private static VirtualMachine vm;
    private static GuestAgent guest;
    private static String password;
    private static Path certificate;
    private static int snapshots;

    @BeforeAll
    static void bootTheVmWithNightjar() throws Exception {
        Path work = Path.of(System.getProperty("nightjar.vm.work"));
        Path share = work.resolve("share");
        VirtualMachine.run(List.of("rm", "-rf", share.toString()));
        Files.createDirectories(share);
        VirtualMachine.run(List.of("tar", "-xzf", System.getProperty("nightjar.tarball"), "-C", share.toString()));
        // The shipped camera (source=auto, 640x480) at 3 fps: under emulation one CPU does everything,
        // and at 15 fps the YUYV encoding alone would starve the rest of the appliance.
        Path camera = share.resolve("nightjar/config/nightjar.camera-front.cfg");
        String shipped = Files.readString(camera);
        assertTrue(shipped.contains("source = auto") && shipped.contains("fps = 15"), shipped);
        Files.writeString(camera, shipped.replace("fps = 15", "fps = 3"));
        Path image = VirtualMachine.image(Path.of(System.getProperty("nightjar.vm.script")));
        vm = VirtualMachine.boot(image, work, share);
        System.out.println("VM booting (" + vm.accelerator() + "); console: " + vm.console());
        guest = vm.agent();
        String passwordFile = "/opt/nightjar/data/admin-password.txt";
        // The admin account and the device certificate are made by two components, in either order.
        awaitGuest("Nightjar's first start", "test -s " + passwordFile + " && test -s /opt/nightjar/data/tls/device.crt",
                300);
        password = guest.shell("cat " + passwordFile, 30).output().trim();
        certificate = work.resolve("device.crt");
        Files.writeString(certificate, guest.shell("cat /opt/nightjar/data/tls/device.crt", 30).output());
        // Under emulation the capture bundle can start well after the camera, which shows the
        // synthetic picture until then; wait for the switch to the device, then for its pictures.
        awaitLog("Camera front: capturing 640x480 YUYV from /dev/video0", 300);
        awaitState("STREAMING", 300);
    }

    private static void awaitLog(String text, long seconds) throws Exception {
        Path log = vm.share.resolve("nightjar.log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("Nightjar did not log '" + text + "' within " + seconds + " s; its log:\n"
                + VirtualMachine.tail(log, 40));
    }

    @AfterAll
    static void stop() throws Exception {
        if (vm != null) {
            try {
                Path log = vm.share.resolve("nightjar.log");
                if (Files.exists(log)) {
                    Files.readAllLines(log).stream().filter(line -> line.contains("CPU per frame"))
                            .forEach(line -> System.out.println("In the VM (" + vm.accelerator() + "): " + line));
                }
                try {
                    System.out.println("Camera status at the end: " + curlText("/cameras"));
                } catch (AssertionError gone) { // the package's tests end with Nightjar purged
                    System.out.println("Camera status at the end: no answer");
                }
            } finally { // a failed start leaves no curl to ask with, and must not leave QEMU running
                if (guest != null) {
                    guest.close();
                }
                vm.close();
            }
        }
    }

    @Test
    @Order(1)
    void autoFoundVividAndCapturesYuyvAtTheConfiguredSize() throws Exception {
        String log = Files.readString(vm.share.resolve("nightjar.log"));
        assertTrue(log.contains("Camera front: source auto found /dev/video0"), log);
        assertTrue(log.contains("Camera front: capturing 640x480 YUYV from /dev/video0"), log);
        String cameras = curlText("/cameras");
        assertTrue(cameras.contains("\"name\":\"Front\",\"state\":\"STREAMING\""), cameras
                + guest.shell("cat /opt/nightjar/config/nightjar.camera-front.cfg; ls -lR /opt/nightjar/data/configurations", 30).output());
        assertTrue(cameras.contains("\"width\":640,\"height\":480"), cameras);
    }

    @Test
    @Order(2)
    void theSnapshotIsVividsColourBars() throws Exception {
        BufferedImage image = snapshot();
        assertEquals(WIDTH, image.getWidth());
        assertEquals(HEIGHT, image.getHeight());
        assertColourBars(x -> image.getRGB(x, HEIGHT * 3 / 4), "snapshot");
    }

    @Test
    @Order(3)
    void thirtyStreamFramesAreVividsColourBars() throws Exception {
        String source = "https://admin:" + password + "@localhost:" + vm.httpsPort + "/cameras/front/stream.mjpg";
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-ca_file", certificate.toString(),
                "-tls_verify", "1", "-i", source, "-frames:v", "30", "-f", "rawvideo", "-pix_fmt", "rgb24", "-")
                .redirectError(vm.work.resolve("ffmpeg.err").toFile()).start();
        byte[] frames;
        try (InputStream in = ffmpeg.getInputStream()) {
            frames = in.readAllBytes();
        }
        assertTrue(ffmpeg.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, ffmpeg.exitValue(), Files.readString(vm.work.resolve("ffmpeg.err")));
        int frameBytes = WIDTH * HEIGHT * 3;
        assertEquals(30 * frameBytes, frames.length, "30 decoded frames of 640x480");
        for (int f = 0; f < 30; f++) {
            int base = f * frameBytes + HEIGHT * 3 / 4 * WIDTH * 3;
            assertColourBars(x -> (frames[base + x * 3] & 0xFF) << 16 | (frames[base + x * 3 + 1] & 0xFF) << 8
                    | frames[base + x * 3 + 2] & 0xFF, "stream frame " + f);
        }
    }

    @Test
    @Order(4)
    void listCamerasShowsTheDeviceLikeV4l2Ctl() throws Exception {
        GuestAgent.Result list = guest.shell("/opt/nightjar/bin/nightjar --list-cameras", 120);
        assertEquals(0, list.exitCode(), list.output());
        assertTrue(list.output().matches("(?s)/dev/video0 \\(/dev/v4l/by-path/[^)]*\\): vivid .*"), list.output());
        assertTrue(list.output().contains("YUYV"), list.output());
        assertTrue(list.output().contains("640x480  fps"), list.output());
        assertTrue(list.output().contains("Brightness: 0 to 255"), list.output());
        assertTrue(list.output().contains("not a video capture node"), "vivid's output and metadata nodes");
    }

    @Test
    @Order(5)
    void anUnpluggedCameraGoesToErrorAndComesBackWithTheModule() throws Exception {
        // Unbinding the driver is what unplugging does: the open device starts failing with ENODEV.
        GuestAgent.Result unplug = guest.shell("echo vivid.0 > /sys/bus/platform/drivers/vivid/unbind", 30);
        assertEquals(0, unplug.exitCode(), unplug.output());
        String message = awaitState("ERROR", 120);
        assertTrue(message.contains("unplugged") || message.contains("no camera found"), message);
        // Nightjar has let go of the device, so the module can be unloaded, and loaded again.
        awaitGuest("vivid unloaded", "modprobe -r vivid", 60);
        assertEquals(0, guest.shell("modprobe vivid", 60).exitCode());
        awaitState("STREAMING", 180);
        BufferedImage image = snapshot();
        assertColourBars(x -> image.getRGB(x, HEIGHT * 3 / 4), "snapshot after replugging");
    }

    @Test
    @Order(6)
    void theDebianPackageInstallsWithAptAndItsServiceServesTheCamera() throws Exception {
        // The tarball's service (the VM's own unit, of the same name) makes way for the package's.
        guestOk("systemctl disable --now nightjar.service && rm /etc/systemd/system/nightjar.service"
                + " && systemctl daemon-reload && systemctl reset-failed nightjar.service", 120);
        Path deb = deb();
        Files.createDirectories(vm.share.resolve("deb"));
        Files.copy(deb, vm.share.resolve("deb/" + deb.getFileName()));
        // Installed without starting (policy-rc.d, as image builders do), so that the first start already has
        // the user's change below: at the shipped 15 fps the emulated CPU would do little else than encode.
        // The upgrade below shows postinst starting the service.
        guestOk("printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d", 30);
        long start = System.nanoTime();
        String install = guestOk("cp /share/deb/" + deb.getFileName() + " /tmp/ && " + APT + " install /tmp/"
                + deb.getFileName(), 900);
        System.out.println("apt install: " + seconds(start) + " s");
        guestOk("rm /usr/sbin/policy-rc.d", 30);
        assertTrue(install.contains("Setting up nightjar") && install.contains("sudo cat /var/lib/nightjar/admin-password.txt"),
                install);
        assertEquals("enabled\ninactive", guest.shell("systemctl is-enabled nightjar.service; systemctl is-active"
                + " nightjar.service", 30).output().strip());
        // The user's change: 3 fps (emulation is slow), to be kept by the upgrade.
        guestOk("sed -i 's/^fps = 15$/fps = 3/' /etc/nightjar/nightjar.camera-front.cfg", 30);
        start = System.nanoTime();
        guestOk("systemctl start nightjar.service", 60);
        awaitPackageStart();
        System.out.println("the package's first start: " + seconds(start) + " s");
        String owners = guestOk("stat -c '%n %U %G %a' /etc/nightjar /etc/nightjar/nightjar.security.cfg /var/lib/nightjar"
                + " /var/lib/nightjar/recordings /var/lib/nightjar/admin-password.txt; id -nG nightjar;"
                + " ps -o user= -p $(systemctl show -p MainPID --value nightjar.service)", 30);
        assertTrue(owners.startsWith("/etc/nightjar nightjar nightjar 700\n/etc/nightjar/nightjar.security.cfg nightjar nightjar 600\n"
                + "/var/lib/nightjar nightjar nightjar 700\n/var/lib/nightjar/recordings nightjar nightjar 750\n"
                + "/var/lib/nightjar/admin-password.txt nightjar nightjar 600\nnightjar video gpio\nnightjar"), owners);
        awaitServiceCapturesFromVivid(300);
        BufferedImage image = snapshot();
        assertColourBars(x -> image.getRGB(x, HEIGHT * 3 / 4), "the package's snapshot");
        // A recording lands in /var/lib/nightjar/recordings (mounted where the tarball's relative directory is).
        record(true);
        awaitGuest("a recording in /var/lib/nightjar/recordings",
                "find /var/lib/nightjar/recordings/front -type f -size +0 | grep -q .", 180);
        record(false);
    }

    private static void record(boolean on) throws Exception {
        curlText("/api/cameras/front/record", "-X", "POST", "-H", "Content-Type: application/json",
                "--data-binary", "{\"on\":" + on + "}");
    }

    @Test
    @Order(7)
    void anUpgradeKeepsTheConfigurationAndTheAccounts() throws Exception {
        String accounts = guestOk("sha256sum /var/lib/nightjar/accounts.properties", 30);
        // The same package, rebuilt with a higher version.
        Path deb = deb();
        Path unpacked = vm.work.resolve("deb-upgrade");
        VirtualMachine.run(List.of("rm", "-rf", unpacked.toString()));
        VirtualMachine.run(List.of("dpkg-deb", "-R", deb.toString(), unpacked.toString()));
        Path control = unpacked.resolve("DEBIAN/control");
        String version = VirtualMachine.run(List.of("dpkg-deb", "--field", deb.toString(), "Version")).strip();
        Files.writeString(control, Files.readString(control).replace("Version: " + version, "Version: " + version + "+1"));
        String upgrade = "nightjar_" + version + "+1_all.deb";
        VirtualMachine.run(List.of("dpkg-deb", "--root-owner-group", "-b", unpacked.toString(),
                vm.share.resolve("deb/" + upgrade).toString()));
        long start = System.nanoTime();
        String output = guestOk("cp /share/deb/" + upgrade + " /tmp/ && " + APT + " install /tmp/" + upgrade, 900);
        System.out.println("apt install of the upgrade: " + seconds(start) + " s");
        assertEquals(version + "+1", guestOk("dpkg-query -W -f '${Version}' nightjar", 30).strip(), output);
        assertTrue(guestOk("cat /etc/nightjar/nightjar.camera-front.cfg", 30).contains("fps = 3"), "the user's change is kept");
        assertEquals(accounts, guestOk("sha256sum /var/lib/nightjar/accounts.properties", 30), "the accounts are kept");
        assertEquals("active", guestOk("systemctl is-active nightjar.service", 30).strip(), "started by postinst");
        awaitServiceCapturesFromVivid(400); // with the same password and certificate as before
        System.out.println("the upgrade, until the camera streams again: " + seconds(start) + " s");
        BufferedImage image = snapshot();
        assertColourBars(x -> image.getRGB(x, HEIGHT * 3 / 4), "the snapshot after the upgrade");
    }

    @Test
    @Order(8)
    void thePackagesServiceStreamsLibcamerasVirtualCamera() throws Exception {
        // The package's udev rule gave the system DMA heap, made at boot before it was installed, to video;
        // udmabuf, where libcamera would look next, stays the group kvm's, as Debian has it.
        assertEquals("/dev/dma_heap/system root video 660\n/dev/udmabuf root kvm 660",
                guestOk("stat -c '%n %U %G %a' /dev/dma_heap/system /dev/udmabuf", 30).strip());
        // vivid goes, and libcamera's virtual camera comes: its pipeline handler makes the cameras its
        // configuration file describes (none until now, so that source = auto above found vivid only).
        guestOk("systemctl stop nightjar.service && modprobe -r vivid && ! ls /dev/video* 2>/dev/null", 120);
        guestOk("echo " + Base64.getEncoder().encodeToString(VIRTUAL_CAMERA.getBytes(StandardCharsets.UTF_8))
                + " | base64 -d > " + VIRTUAL_CAMERA_FILE, 30);
        String cam = guestOk("runuser -u nightjar -- cam --list", 120);
        System.out.println("cam --list in the VM:\n" + cam.strip());
        assertTrue(cam.contains("Available cameras:\n1: Internal front camera (Virtual0)"), cam);
        // Without a video device the V4L2 part says so; then libcamera's cameras, and a camera was found (exit 0).
        GuestAgent.Result list = guest.shell("runuser -u nightjar -- /usr/share/nightjar/bin/nightjar --list-cameras",
                180);
        assertTrue(list.output().matches("(?s)No video devices .*\nlibcamera cameras \\(source = libcamera:<id>\\):\n.*"
                + "1: Internal front camera \\(Virtual0\\)\n?"), list.output());
        assertEquals(0, list.exitCode(), "--list-cameras found a camera: " + list.output());
        // GStreamer's plugin registry, made once per user, in the cache directory that the unit gives the service:
        // under emulation its first scan can take longer than a child may take for its first picture.
        long start = System.nanoTime();
        guestOk("runuser -u nightjar -- env XDG_CACHE_HOME=/var/cache/nightjar gst-inspect-1.0 libcamerasrc"
                + " | grep -q 'libcamera Source'", 600);
        System.out.println("GStreamer's registry for the user nightjar: " + seconds(start) + " s");
        guestOk("sed -i 's/^source = auto$/source = libcamera/' /etc/nightjar/nightjar.camera-front.cfg"
                + " && grep -q '^source = libcamera$' /etc/nightjar/nightjar.camera-front.cfg", 30);
        start = System.nanoTime();
        guestOk("systemctl start nightjar.service", 60);
        awaitState("STREAMING", 600);
        System.out.println("the package's start with source = libcamera, until it streams: " + seconds(start) + " s");
        // The service's child, once it is there: libcamerasrc may have aborted just after the state was read
        // (once in CI: no child at that instant), and the camera restarts it.
        afterRestarts(() -> {
            String child = guestOk("ps -o user=,args= --ppid $(systemctl show -p MainPID --value nightjar.service)", 30);
            assertTrue(child.matches("(?s).*nightjar +gst-launch-1.0 -q libcamerasrc .*"), "the service's child: " + child);
            return child;
        });
        assertLibcameraBars(afterRestarts(V4l2VmIT::snapshotRgb), "the snapshot of libcamera's camera");
        // Ten frames of the stream (the moving bars keep motion detection and recording busy, and the emulated
        // CPU makes few frames a second); the bars move one column a frame, so pictures that move are live.
        long[] took = new long[1];
        int[][] frames = afterRestarts(() -> {
            long from = System.nanoTime();
            int[][] decoded = streamFrames(10);
            took[0] = System.nanoTime() - from;
            return decoded;
        });
        double seconds = took[0] / 1e9;
        List<Integer> offsets = new ArrayList<>();
        for (int f = 0; f < frames.length; f++) {
            offsets.add(assertLibcameraBars(frames[f], "stream frame " + f));
        }
        System.out.printf("libcamera's camera through the package: %d frames in %.1f s (%.2f frames/s); bar offsets %s%n",
                frames.length, seconds, frames.length / seconds, offsets);
        assertTrue(offsets.stream().distinct().count() > 1, "the pictures move: " + offsets);
        String cameras = curlText("/cameras");
        System.out.println("/cameras with libcamera: " + cameras);
        if (!cameras.contains("\"state\":\"STREAMING\"")) {
            // libcamerasrc (0.7.1) under emulation aborts now and then (once in CI, after the ten frames): the
            // camera says why and that it restarts, and it streams again.
            assertTrue(cameras.contains("\"state\":\"ERROR\"") && cameras.contains("; restarting"), cameras);
            start = System.nanoTime();
            awaitState("STREAMING", 600);
            System.out.println("libcamera's pipeline ended and was restarted: streaming again after " + seconds(start)
                    + " s");
            cameras = curlText("/cameras");
        }
        assertTrue(cameras.contains("\"name\":\"Front\",\"state\":\"STREAMING\""), cameras);
    }

    @Test
    @Order(9)
    void removeKeepsTheDataAndPurgeLeavesNothingBehind() throws Exception {
        guestOk(APT + " remove nightjar", 300);
        String kept = guestOk("systemctl is-active nightjar.service; ls /etc/nightjar/nightjar.camera-front.cfg"
                + " /var/lib/nightjar/accounts.properties; getent passwd nightjar | cut -d: -f1; ls /usr/share/nightjar 2>&1; true", 60);
        assertTrue(kept.startsWith("inactive\n/etc/nightjar/nightjar.camera-front.cfg\n/var/lib/nightjar/accounts.properties\nnightjar\n") && kept.contains("No such file"), kept);
        guestOk(APT + " purge nightjar", 300);
        String left = guestOk("ls -d /etc/nightjar /var/lib/nightjar /var/cache/nightjar /usr/share/nightjar"
                + " /usr/share/doc/nightjar /lib/systemd/system/nightjar.service /etc/systemd/system/nightjar.service"
                + " /etc/systemd/system/multi-user.target.wants/nightjar.service 2>/dev/null; getent passwd nightjar;"
                + " getent group nightjar; getent group gpio; dpkg -l nightjar 2>/dev/null | grep '^.i'; true", 60);
        assertEquals("", left.strip(), "left behind by the purge");
    }

    /**
     * Waits until the package's service captures from vivid. Its camera streams the synthetic picture (bars
     * too) until the capture bundle has started, which under emulation can be well after: so first the log
     * line of the running service that says it switched to the device, then the state.
     */
    private static void awaitServiceCapturesFromVivid(long seconds) throws Exception {
        awaitGuest("the service capturing from /dev/video0", "journalctl -u nightjar.service -o cat"
                + " _PID=$(systemctl show -p MainPID --value nightjar.service)"
                + " | grep -qF 'Camera front: capturing 640x480 YUYV from /dev/video0'", seconds);
        awaitState("STREAMING", seconds);
    }

    /** Waits for the package's first start; then the test's password and certificate are the package's. */
    private static void awaitPackageStart() throws Exception {
        try {
            awaitGuest("the package's first start",
                    "test -s /var/lib/nightjar/admin-password.txt && test -s /var/lib/nightjar/tls/device.crt", 400);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nthe service's journal:\n"
                    + guest.shell("journalctl -u nightjar.service --no-pager -n 40", 60).output());
        }
        password = guestOk("cat /var/lib/nightjar/admin-password.txt", 30).trim();
        Files.writeString(certificate, guestOk("cat /var/lib/nightjar/tls/device.crt", 30));
    }

    private static long seconds(long start) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    }

    private static Path deb() throws IOException {
        try (var files = Files.list(Path.of(System.getProperty("nightjar.deb.dir")))) {
            List<Path> debs = files.filter(f -> f.getFileName().toString().matches("nightjar_.*_all\\.deb")).toList();
            assertEquals(1, debs.size(), "one package: " + debs);
            return debs.get(0);
        }
    }

    private static String guestOk(String command, long seconds) throws Exception {
        GuestAgent.Result result = guest.shell(command, seconds);
        assertEquals(0, result.exitCode(), command + ":\n" + result.output());
        return result.output();
    }

    private interface Row {
        int rgb(int x);
    }

    private static void assertColourBars(Row row, String what) {
        List<String> wrong = new ArrayList<>();
        for (int bar = 0; bar < BARS.length; bar++) {
            int rgb = row.rgb(WIDTH * (2 * bar + 1) / 16);
            int[] channels = {rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF};
            for (int c = 0; c < 3; c++) {
                boolean on = BARS[bar][c] == 1;
                if (on ? channels[c] < 150 : channels[c] > 60) {
                    wrong.add("bar " + bar + " is " + Integer.toHexString(rgb & 0xFFFFFF));
                    break;
                }
            }
        }
        assertTrue(wrong.isEmpty(), what + " is not vivid's 75% colour bars: " + wrong);
    }

    /**
     * Checks that a picture's row three quarters down is libcamera's colour bars (the same order as vivid's,
     * at full level, WIDTH / 8 wide), which move one column to the left with every frame; returns the offset
     * (in columns) at which they match.
     */
    private static int assertLibcameraBars(int[] rgb, String what) {
        int[] colour = new int[WIDTH];
        int row = HEIGHT * 3 / 4 * WIDTH;
        for (int x = 0; x < WIDTH; x++) {
            colour[x] = fullLevelBar(rgb[row + x]);
        }
        int best = 0;
        int bestMatches = -1;
        for (int offset = 0; offset < WIDTH; offset++) {
            int matches = 0;
            for (int x = 0; x < WIDTH; x++) {
                if (colour[x] == (x + offset) % WIDTH / (WIDTH / BARS.length)) {
                    matches++;
                }
            }
            if (matches > bestMatches) {
                bestMatches = matches;
                best = offset;
            }
        }
        // The columns where JPEG's 4:2:0 colour blurs a bar's edge are allowed to miss.
        assertTrue(bestMatches >= WIDTH * 9 / 10, what + " is not libcamera's colour bars: " + bestMatches + " of "
                + WIDTH + " columns match at the best offset " + best);
        return best;
    }

    /** The bar (index into BARS) whose colour a pixel has at full level, or -1. */
    private static int fullLevelBar(int rgb) {
        int[] channels = {rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF};
        for (int bar = 0; bar < BARS.length; bar++) {
            boolean all = true;
            for (int c = 0; c < 3; c++) {
                // Full level: vivid's 75% bars (191) are not on.
                if (BARS[bar][c] == 1 ? channels[c] < 215 : channels[c] > 60) {
                    all = false;
                }
            }
            if (all) {
                return bar;
            }
        }
        return -1;
    }

    /** What the camera's pictures give. */
    private interface PictureCheck<T> {
        T get() throws Exception;
    }

    /**
     * The check's result, taken again (twice at most) when it failed because libcamerasrc (0.7.1) aborted
     * under emulation, as it does now and then (in CI: just after the service said it streamed, and after
     * the ten frames): only when the camera says it restarts, or the service's log has a restart more than
     * before the check. Any other failure fails.
     */
    private static <T> T afterRestarts(PictureCheck<T> check) throws Exception {
        int restartsBefore = restarts();
        for (int attempt = 1; ; attempt++) {
            try {
                return check.get();
            } catch (AssertionError | IOException e) {
                String cameras = curlText("/cameras");
                if (attempt > 2 || !cameras.contains("; restarting") && restarts() == restartsBefore) {
                    throw e;
                }
                System.out.println("libcamera's pipeline ended (" + cameras + "), and the check failed: "
                        + e.getMessage().strip().lines().findFirst().orElse(""));
                long start = System.nanoTime();
                awaitState("STREAMING", 600);
                System.out.println("streaming again after " + seconds(start) + " s; checking again");
                restartsBefore = restarts();
            }
        }
    }

    /** How many times the service's log says a camera restarts. */
    private static int restarts() throws Exception {
        String count = guest.shell("journalctl -u nightjar.service -o cat | grep -c '; restarting'", 60).output().strip();
        return count.isEmpty() ? 0 : Integer.parseInt(count.lines().reduce((first, last) -> last).orElse("0").strip());
    }

    private static int[] snapshotRgb() throws Exception {
        BufferedImage image = snapshot();
        assertEquals(WIDTH, image.getWidth());
        assertEquals(HEIGHT, image.getHeight());
        return image.getRGB(0, 0, WIDTH, HEIGHT, null, 0, WIDTH);
    }

    /** Frames of the camera's MJPEG stream, decoded by ffmpeg, as 0xRRGGBB pixels. */
    private static int[][] streamFrames(int count) throws Exception {
        String source = "https://admin:" + password + "@localhost:" + vm.httpsPort + "/cameras/front/stream.mjpg";
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-ca_file", certificate.toString(),
                "-tls_verify", "1", "-i", source, "-frames:v", Integer.toString(count), "-f", "rawvideo", "-pix_fmt",
                "rgb24", "-").redirectError(vm.work.resolve("ffmpeg.err").toFile()).start();
        byte[] bytes;
        try (InputStream in = ffmpeg.getInputStream()) {
            bytes = in.readAllBytes();
        }
        assertTrue(ffmpeg.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, ffmpeg.exitValue(), Files.readString(vm.work.resolve("ffmpeg.err")));
        int frameBytes = WIDTH * HEIGHT * 3;
        assertEquals(count * frameBytes, bytes.length, count + " decoded frames of " + WIDTH + "x" + HEIGHT);
        int[][] frames = new int[count][WIDTH * HEIGHT];
        for (int f = 0; f < count; f++) {
            for (int p = 0; p < WIDTH * HEIGHT; p++) {
                int i = f * frameBytes + p * 3;
                frames[f][p] = (bytes[i] & 0xFF) << 16 | (bytes[i + 1] & 0xFF) << 8 | bytes[i + 2] & 0xFF;
            }
        }
        return frames;
    }

    private static BufferedImage snapshot() throws Exception {
        // Each snapshot its own file, so that a picture a check refused is there to look at.
        Path picture = vm.work.resolve("snapshot-" + ++snapshots + ".jpg");
        Files.deleteIfExists(picture);
        VirtualMachine.run(List.of("curl", "-sS", "--fail", "--max-time", "30", "--cacert", certificate.toString(),
                "-u", "admin:" + password, "-o", picture.toString(), url("/cameras/front/snapshot.jpg")));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(picture)));
        assertNotNull(image, "the snapshot is a JPEG");
        return image;
    }

    private static String url(String path) {
        return "https://localhost:" + vm.httpsPort + path;
    }

    private static String curlText(String path, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--fail", "--max-time", "30", "--cacert",
                certificate.toString(), "-u", "admin:" + password));
        command.addAll(List.of(options));
        command.add(url(path));
        return VirtualMachine.run(command);
    }

    /** Waits for the camera's state; returns its message. */
    private static String awaitState(String state, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                last = curlText("/cameras");
                Matcher m = CAMERA.matcher(last);
                if (m.find() && m.group(1).equals(state)) {
                    return m.group(2);
                }
            } catch (AssertionError notYet) {
                last = notYet.getMessage();
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("camera front did not reach " + state + " within " + seconds + " s; last: " + last
                + "\nNightjar's log:\n" + VirtualMachine.tail(vm.share.resolve("nightjar.log"), 30));
    }

    private static void awaitGuest(String what, String command, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        GuestAgent.Result result = null;
        while (System.nanoTime() < deadline) {
            result = guest.shell(command, 60);
            if (result.exitCode() == 0) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("timed out waiting for " + what + ": " + (result == null ? "" : result.output())
                + "\nNightjar's log:\n" + VirtualMachine.tail(vm.share.resolve("nightjar.log"), 30)
                + "\nconsole:\n" + VirtualMachine.tail(vm.console(), 20));
    }
}
