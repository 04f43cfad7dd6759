package nightjar.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import nightjar.mqtt.testing.FreePorts;

/**
 * Unpacks the built tarball, starts {@code bin/nightjar} and uses it the way a person would:
 * curl and ffmpeg over HTTPS, verifying the appliance's own certificate.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributionIT {
    private static Path home;
    private static Path log;
    private static Process nightjar;
    private static int port;
    private static int rtspsPort;
    private static String password;
    /** Errors a test caused on purpose, and saw in the log. */
    private static int provokedErrors;

    @BeforeAll
    static void unpackAndStart() throws Exception {
        Path tarball = Path.of(System.getProperty("nightjar.tarball"));
        Path work = Path.of(System.getProperty("nightjar.workdir"));
        if (Files.exists(work)) {
            try (Stream<Path> old = Files.walk(work)) {
                old.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(work);
        Commands.Result untar = Commands.run(work, List.of("tar", "xzf", tarball.toString()));
        assertEquals(0, untar.exitCode(), untar.stderr());
        home = work.resolve("nightjar");
        port = FreePorts.next();
        Path security = home.resolve("config/nightjar.security.cfg");
        Files.writeString(security, Files.readString(security).replace("httpsPort = 8443", "httpsPort = " + port));
        rtspsPort = FreePorts.next();
        Path rtsp = home.resolve("config/nightjar.rtsp.cfg");
        Files.writeString(rtsp, Files.readString(rtsp).replace("tlsPort = 8322", "tlsPort = " + rtspsPort));

        log = work.resolve("nightjar.log");
        nightjar = Appliance.launch(home, log, port);
        Path passwordFile = home.resolve("data/admin-password.txt");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            assertTrue(nightjar.isAlive(), "bin/nightjar exited:\n" + Files.readString(log));
            if (Files.exists(passwordFile)) {
                password = Files.readString(passwordFile).trim();
                if (!password.isEmpty() && curl("/cameras/front/snapshot.jpg").stdout().equals("200")) {
                    break;
                }
            }
            assertTrue(System.nanoTime() < deadline, "Nightjar did not serve a snapshot within 90 s:\n" + Files.readString(log));
            Thread.sleep(500);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (nightjar == null) {
            return;
        }
        nightjar.destroy();
        boolean exited = nightjar.waitFor(30, TimeUnit.SECONDS);
        if (!exited) {
            nightjar.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println("---- bin/nightjar output ----\n" + output.replace(password == null ? "\u0000" : password, "<password>"));
        assertTrue(exited, "bin/nightjar stops on SIGTERM");
        List<String> errors = output.lines().filter(line -> line.contains(" ERROR ")).toList();
        assertEquals(provokedErrors, errors.size(), "no errors were logged but the one a test provoked: " + errors);
    }


    private static String url(String path) {
        return "https://localhost:" + port + path;
    }

    private static Path certificate() {
        return home.resolve("data/tls/device.crt");
    }

    /** curl verifying the device certificate; stdout is the HTTP status. */
    private static Commands.Result curl(String path, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "--cacert",
                certificate().toString(), "-o", "/dev/null", "-w", "%{http_code}"));
        command.addAll(List.of(options));
        if (Stream.of(options).noneMatch(o -> o.equals("-u"))) {
            command.addAll(List.of("-u", "admin:" + password));
        }
        command.add(url(path));
        return Commands.run(home, command);
    }

    private static BufferedImage snapshot() throws Exception {
        Path picture = Files.createTempFile("snapshot", ".jpg");
        try {
            Commands.Result result = Commands.run(home, List.of("curl", "-sS", "--fail", "--cacert",
                    certificate().toString(), "-u", "admin:" + password, "-o", picture.toString(),
                    url("/cameras/front/snapshot.jpg")));
            assertEquals(0, result.exitCode(), result.stderr());
            BufferedImage image = ImageIO.read(picture.toFile());
            assertNotNull(image, "the snapshot is a JPEG");
            return image;
        } finally {
            Files.delete(picture);
        }
    }

    /** ffmpeg reading the stream over verified TLS; returns the number of frames it decoded. */
    private static int ffmpegFrames(String path, int frames) throws Exception {
        String source = "https://admin:" + password + "@localhost:" + port + path;
        Commands.Result result = Commands.run(home, List.of("ffmpeg", "-nostdin", "-v", "error",
                "-ca_file", certificate().toString(), "-tls_verify", "1", "-i", source,
                "-frames:v", Integer.toString(frames), "-f", "framemd5", "-"));
        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals("", result.stderr().trim(), "ffmpeg decodes without complaint");
        return (int) result.stdout().lines().filter(line -> !line.startsWith("#")).count();
    }

    @Test
    @Order(1)
    void theFirstPasswordIsPrintedOnceAndStoredOnlyAsAHash() throws Exception {
        String output = Files.readString(log);
        assertEquals(1, output.split(password, -1).length - 1, "printed once on stdout");
        assertTrue(output.contains("data/admin-password.txt"), "the launcher says where the password is");
        String accounts = Files.readString(home.resolve("data/accounts.properties"));
        assertFalse(accounts.contains(password));
        assertTrue(accounts.contains("$argon2id$"));
        for (String secret : List.of("data/admin-password.txt", "data/accounts.properties", "data/tls/device.p12",
                "data/tls/device.p12.password")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(secret))), secret);
        }
        try (Stream<Path> files = Files.walk(home.resolve("config"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(file).contains(password), file + " holds no secret");
            }
        }
    }

    @Test
    @Order(2)
    void aSnapshotIsAJpegOfTheConfiguredSize() throws Exception {
        BufferedImage image = snapshot();
        assertEquals(640, image.getWidth());
        assertEquals(480, image.getHeight());
        Commands.Result list = Commands.run(home, List.of("curl", "-sS", "--fail", "--cacert", certificate().toString(),
                "-u", "admin:" + password, url("/cameras")));
        assertTrue(list.stdout().matches("\\[\\{\"id\":\"front\",\"name\":\"Front\",\"state\":\"STREAMING\",\"message\":\"\","
                + "\"width\":640,\"height\":480,\"fps\":[0-9.]+}]\\s*"), list.stdout());
    }

    @Test
    @Order(3)
    void ffmpegDecodesThirtyFramesOfTheStreamOverTls() throws Exception {
        assertEquals(30, ffmpegFrames("/cameras/front/stream.mjpg", 30));
    }

    @Test
    @Order(4)
    void mjpgStreamerUrlsWork() throws Exception {
        assertEquals("200", curl("/?action=snapshot").stdout());
        assertEquals("200", curl("/?action=snapshot&camera=front").stdout());
        assertEquals("404", curl("/?action=snapshot&camera=nope").stdout());
        assertEquals("400", curl("/?action=dance").stdout());
        assertEquals(5, ffmpegFrames("/?action=stream", 5));
    }

    @Test
    @Order(5)
    void everyEndpointNeedsTheAccount() throws Exception {
        for (String path : List.of("/", "/cameras", "/cameras/front/snapshot.jpg", "/cameras/front/stream.mjpg",
                "/?action=stream", "/cameras/front/motion.mjpg", "/system/console/bundles", "/no/such/page")) {
            assertEquals("401", curl(path, "-u", "admin:wrong-password").stdout(), path);
            assertEquals("401", Commands.run(home, List.of("curl", "-sS", "--max-time", "20", "--cacert",
                    certificate().toString(), "-o", "/dev/null", "-w", "%{http_code}", url(path))).stdout(), path);
        }
        assertEquals("401", curl("/system/console/bundles", "-u", "admin:admin").stdout(),
                "the web console's built-in default account is not accepted");
        assertEquals("200", curl("/system/console/bundles").stdout(), "the admin gets the web console");
        assertEquals("404", curl("/cameras/nope/snapshot.jpg").stdout());
        assertEquals("400", curl("/cameras/front/stream.mjpg?fps=fast").stdout());
    }

    @Test
    @Order(6)
    void nothingListensForPlainHttp() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Set<Integer> listening = listeningPorts(nightjar.pid());
        while (!listening.contains(rtspsPort) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            listening = listeningPorts(nightjar.pid());
        }
        assertEquals(Set.of(port, rtspsPort), listening, "Nightjar listens on HTTPS and RTSPS only, as shipped");
        Commands.Result plain = Commands.run(home, List.of("curl", "-sS", "--max-time", "10", "-o", "/dev/null",
                "-w", "%{http_code}", "-u", "admin:" + password, "http://localhost:" + port + "/cameras"));
        assertNotEquals("200", plain.stdout(), "plain HTTP gets no answer from the HTTPS port");
        try (Socket socket = new Socket("localhost", rtspsPort)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] answer = socket.getInputStream().readNBytes(8);
            assertNotEquals("RTSP/1.0", new String(answer, StandardCharsets.US_ASCII), "plain RTSP gets no answer from RTSPS");
        } catch (SocketException | SocketTimeoutException refused) {
            // TLS closed the connection on the plain request: no answer either.
        }
    }

    @Test
    @Order(7)
    void aChangedConfigurationFileAppliesLive() throws Exception {
        Path camera = home.resolve("config/nightjar.camera-front.cfg");
        Files.writeString(camera, Files.readString(camera).replace("width = 640", "width = 320")
                .replace("height = 480", "height = 240"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        BufferedImage image = snapshot();
        while (image.getWidth() != 320 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            image = snapshot();
        }
        assertEquals(320, image.getWidth());
        assertEquals(240, image.getHeight());
        assertEquals(10, ffmpegFrames("/cameras/front/stream.mjpg", 10));
        assertTrue(nightjar.isAlive(), "no restart was needed");
    }

    @Test
    @Order(8)
    void aWebConsoleEditAppliesLiveAndIsWrittenBackToItsFile() throws Exception {
        // The form exactly as the console's Save button posts it.
        List<String> form = List.of("apply=true", "factoryPid=nightjar.camera",
                "propertylist=name,source,width,height,fps,quality,username,password,trustFingerprint",
                "name=Front door", "source=auto", "width=320", "height=240", "fps=10", "quality=70", "username=",
                "password=", "trustFingerprint=");
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--cacert", certificate().toString(), "-u",
                "admin:" + password, "-o", "/dev/null", "-w", "%{http_code}"));
        for (String field : form) {
            command.addAll(List.of("--data-urlencode", field));
        }
        command.add(url("/system/console/configMgr/nightjar.camera~front"));
        Commands.Result save = Commands.run(home, command);
        assertEquals("302", save.stdout(), save.stderr());

        Path file = home.resolve("config/nightjar.camera-front.cfg");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(file).contains("Front door") && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        String saved = Files.readString(file);
        assertTrue(saved.contains("Front door") && saved.matches("(?s).*fps = (I\\\")?10\\b.*"), saved);
        assertTrue(saved.startsWith("# The camera \"front\""), "the file's comments are kept");
        Commands.Result list = Commands.run(home, List.of("curl", "-sS", "--fail", "--cacert", certificate().toString(),
                "-u", "admin:" + password, url("/cameras")));
        assertTrue(list.stdout().contains("\"name\":\"Front door\""), list.stdout());
    }

    @Test
    @Order(9)
    void withoutTheSecurityBundleNothingIsServedAndItsReturnRestoresService() throws Exception {
        Path deployed = home.resolve("bundles/nightjar.security.jar");
        Path aside = home.resolve("nightjar.security.jar.aside");
        Files.move(deployed, aside);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (curl("/cameras/front/snapshot.jpg").stdout().equals("200") && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        // FileInstall uninstalled it: streams and console are gone, not open.
        assertEquals("404", curl("/cameras/front/snapshot.jpg").stdout());
        assertEquals("404", curl("/system/console/bundles", "-u", "admin:admin").stdout());
        assertEquals("404", curl("/system/console/bundles").stdout());

        Files.move(aside, deployed);
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!curl("/cameras/front/snapshot.jpg").stdout().equals("200") && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertEquals("200", curl("/cameras/front/snapshot.jpg").stdout(), "hot redeployed; the same account works");
        assertEquals("200", curl("/system/console/bundles").stdout());
        assertEquals("401", curl("/system/console/bundles", "-u", "admin:admin").stdout());
    }

    @Test
    @Order(10)
    void aCameraCanRelayAnotherNightjarPinnedByItsCertificateFingerprint() throws Exception {
        byte[] der;
        try (var in = Files.newInputStream(certificate())) {
            der = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
        }
        String fingerprint = java.util.HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(der));
        assertTrue(Files.readString(log).contains("fingerprint " + fingerprint), "the log shows the fingerprint to pin");
        Files.writeString(home.resolve("config/nightjar.camera-relay.cfg"), String.join("\n",
                "name = Relay", "source = " + url("/cameras/front/stream.mjpg"), "username = admin",
                "password = " + password, "trustFingerprint = " + fingerprint, ""));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!curl("/cameras/relay/snapshot.jpg").stdout().equals("200") && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        Commands.Result list = Commands.run(home, List.of("curl", "-sS", "--fail", "--cacert", certificate().toString(),
                "-u", "admin:" + password, url("/cameras")));
        assertTrue(list.stdout().contains("{\"id\":\"relay\",\"name\":\"Relay\",\"state\":\"STREAMING\""), list.stdout());
        assertEquals(5, ffmpegFrames("/cameras/relay/stream.mjpg", 5));
        assertFalse(Files.readString(log).contains(password + "@"), "no credentials in the log");
        Files.delete(home.resolve("config/nightjar.camera-relay.cfg"));
    }

    @Test
    @Order(11)
    void aComponentThatRefusesItsConfigurationSaysWhyInTheLog() throws Exception {
        // Declarative Services reports this through the OSGi log service; it must reach the user's log.
        // (A bad value is a camera in ERROR, CameraFaultsIT; a camera id that cannot be one still fails.)
        Path broken = home.resolve("config/nightjar.camera-bad.id.cfg");
        Files.writeString(broken, "source = synthetic\n");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(log).contains("camera id 'bad.id'") && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            String output = Files.readString(log);
            assertTrue(output.lines().anyMatch(line -> line.contains("ERROR") && line.contains("[nightjar.camera]")
                    && line.contains("CameraComponent")), output);
            assertTrue(output.contains("camera id 'bad.id' (from configuration nightjar.camera~bad.id) must be 1 to 32 "
                    + "letters, digits, '-' or '_'"), output);
            provokedErrors++;
            Commands.Result list = Commands.run(home, List.of("curl", "-sS", "--fail", "--cacert",
                    certificate().toString(), "-u", "admin:" + password, url("/cameras")));
            assertTrue(!list.stdout().contains("\"bad.id\"") && list.stdout().contains("\"front\""), list.stdout());
        } finally {
            Files.delete(broken);
        }
    }

    @Test
    @Order(12)
    void snapshotsBecomeAClipWithJpegToOgg() throws Exception {
        Path frames = Files.createDirectories(home.getParent().resolve("snapshots"));
        for (int i = 0; i < 12; i++) {
            Commands.Result fetched = Commands.run(home, List.of("curl", "-sS", "--fail", "--cacert",
                    certificate().toString(), "-u", "admin:" + password, "-o",
                    frames.resolve(String.format("snap-%03d.jpg", i)).toString(), url("/cameras/front/snapshot.jpg")));
            assertEquals(0, fetched.exitCode(), fetched.stderr());
        }
        Files.writeString(frames.resolve("notes.txt"), "not a frame");
        Files.write(frames.resolve("snap-999.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
        Path clip = home.getParent().resolve("snapshots.ogg");
        Commands.Result made = Commands.run(home.getParent(), List.of(home.resolve("bin/nightjar").toString(),
                "jpeg-to-ogg", "--fps", "4", "snapshots", "snapshots.ogg"));
        assertEquals(0, made.exitCode(), made.stderr());
        assertTrue(made.stdout().startsWith("12 frames, 3.00 seconds of video, "), made.stdout());
        assertTrue(made.stderr().contains("skipping snap-999.jpg"), "a corrupt frame is named and skipped: " + made.stderr());
        Commands.Result probe = Commands.run(home, List.of("ffprobe", "-v", "error", "-count_frames", "-show_entries",
                "stream=codec_name,nb_read_frames,width,height", "-of", "csv=p=0", clip.toString()));
        assertEquals("theora,320,240,12", probe.stdout().trim(), probe.stderr());

        Commands.Result usage = Commands.run(home, List.of(home.resolve("bin/nightjar").toString(), "jpeg-to-ogg"));
        assertEquals(2, usage.exitCode());
        assertTrue(usage.stderr().contains("usage: nightjar jpeg-to-ogg"), usage.stderr());
    }

    @Test
    @Order(13)
    void theSyntheticBallIsMotionTheAdminCanWatchAndTheCommandLineFindsIt() throws Exception {
        String output = Files.readString(log);
        assertTrue(output.contains("Motion detection for camera front is on, analysing 5.0 frames per second"), output);
        // The synthetic figure walks through every 30 s: the first or the next crossing starts an event.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        while (!Files.readString(log).contains("Motion on camera front: started (") && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertTrue(Files.readString(log).contains("Motion on camera front: started ("), "the walking figure is motion");
        assertEquals(3, ffmpegFrames("/cameras/front/motion.mjpg", 3), "the tuning view streams");

        // A clip made by ffmpeg: still noise, then a box crossing from 2 s to 3 s.
        Path frames = Files.createDirectories(home.getParent().resolve("motion-frames"));
        Commands.Result made = Commands.run(frames, List.of("ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i",
                "color=c=0x606060:s=320x240:r=10:d=5,noise=alls=10:allf=t[bg];color=c=white:s=40x40:r=10:d=5[box];"
                        + "[bg][box]overlay=x='if(between(t,2,3),40+(t-2)*160,-100)':y=100",
                "-q:v", "4", "%03d.jpg"));
        assertEquals(0, made.exitCode(), made.stderr());
        Commands.Result detected = Commands.run(home, List.of(home.resolve("bin/nightjar").toString(), "motion-detect",
                "--fps", "10", "--config", home.resolve("config/nightjar.motion-front.cfg").toString(),
                frames.toString()));
        assertEquals(0, detected.exitCode(), detected.stderr());
        List<String> lines = detected.stdout().lines().toList();
        assertEquals("frame,motion,score,event", lines.get(0));
        assertEquals(51, lines.size(), detected.stdout());
        assertTrue(lines.get(20).startsWith("020.jpg,0,"), "nothing before the box: " + lines.get(20));
        assertTrue(lines.get(26).startsWith("026.jpg,1,"), "the box crossing: " + detected.stdout());

        Commands.Result usage = Commands.run(home, List.of(home.resolve("bin/nightjar").toString(), "motion-detect"));
        assertEquals(2, usage.exitCode());
        assertTrue(usage.stderr().contains("no directory of frames given"), usage.stderr());
    }

    /** TCP ports the process listens on, from /proc: sockets it holds that are in the LISTEN state. */
    private static Set<Integer> listeningPorts(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // The descriptor closed while listing.
                }
            }
        }
        Set<Integer> ports = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table), StandardCharsets.US_ASCII)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 9 && fields[3].equals("0A") && inodes.contains(fields[9])) {
                    ports.add(Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }
}
