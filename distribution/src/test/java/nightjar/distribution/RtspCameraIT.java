package nightjar.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import nightjar.mqtt.testing.FreePorts;

/**
 * Network cameras ({@code source = rtsp://…}) against a real RTSP server on loopback: GStreamer's, serving
 * a 1280x720 H.264 test pattern that asks for a user name and password ({@code src/test/rtsp/rtsp-server.py}).
 * Camera door has the right password and streams MJPEG at its configured 640x480 over HTTPS, ffmpeg's
 * command line (as {@code ps} shows it) holds no password and the log none either; camera wrong has a
 * wrong password and says the camera refused it; cameras sound and unknown, whose streams have no video or
 * video in a format ffmpeg does not know, say so; the server going away puts door in ERROR, and its return
 * brings the stream back. An {@code rtsps://} camera (this appliance's own RTSPS stream of camera front, read
 * back as a network camera) streams when its certificate is pinned, and is refused, with the reason and the
 * fingerprint to pin, when the pin is wrong or missing.
 */
class RtspCameraIT {
    /** Characters a URL and the .cfg file must carry through: @, :, / and a quote. */
    private static final String PASSWORD = "S3cret@cam:w/rd'x";
    private static final String WRONG_PASSWORD = "N0tTheP4ssword";
    private static Appliance appliance;
    private static int rtspPort;
    private static int rtspsPort;
    private static Process server;

    @BeforeAll
    static void startServerAndAppliance() throws Exception {
        appliance = Appliance.unpack("rtsp");
        try (ServerSocket socket = new ServerSocket(0)) {
            rtspPort = socket.getLocalPort();
        }
        startServer();
        String url = "rtsp://127.0.0.1:" + rtspPort + "/cam";
        appliance.configure("nightjar.camera-door.cfg", "source", url, "username", "alice", "password", PASSWORD,
                "width", "640", "height", "480", "fps", "10");
        appliance.configure("nightjar.camera-wrong.cfg", "source", url, "username", "alice", "password",
                WRONG_PASSWORD, "fps", "5");
        appliance.configure("nightjar.camera-sound.cfg", "source", "rtsp://127.0.0.1:" + rtspPort + "/audio", "fps", "5");
        appliance.configure("nightjar.camera-unknown.cfg", "source", "rtsp://127.0.0.1:" + rtspPort + "/gst", "fps", "5");
        rtspsPort = FreePorts.next();
        appliance.configure("nightjar.rtsp.cfg", "tlsPort", Integer.toString(rtspsPort));
        appliance.startAnswering();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (appliance != null) {
                String log = appliance.finish("RTSP cameras");
                assertFalse(log.contains(PASSWORD) || log.contains(WRONG_PASSWORD), "no password in the log");
            }
        } finally {
            stopServer();
        }
    }

    /** Starts rtsp-server.py with Debian's Python (python3-gi) and waits for its "ready". */
    private static void startServer() throws Exception {
        Path log = appliance.home().resolve("../rtsp-server.log");
        server = new ProcessBuilder("/usr/bin/python3", System.getProperty("nightjar.rtspserver"),
                Integer.toString(rtspPort), "1280", "720", "15", "alice", PASSWORD)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertEquals("ready", line, "the RTSP server starts:\n" + Files.readString(log));
    }

    private static void stopServer() throws InterruptedException {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            server = null;
        }
    }

    /** A camera as {@code /cameras} lists it, or "" while it is not listed. */
    private static String camera(String id) throws Exception {
        Path body = Files.createTempFile("cameras", ".json");
        try {
            Commands.Result result = appliance.download("/cameras", body);
            assertEquals("200", result.stdout(), result.stderr());
            Matcher camera = Pattern.compile("\\{\"id\":\"" + id + "\"[^}]*\\}").matcher(Files.readString(body));
            return camera.find() ? camera.group() : "";
        } finally {
            Files.delete(body);
        }
    }

    private static String awaitCamera(String id, String state, String messagePart) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String camera;
        while (!((camera = camera(id)).contains("\"state\":\"" + state + "\"") && camera.contains(messagePart))) {
            assertTrue(System.nanoTime() < deadline, id + " " + state + " (" + messagePart + ") within 60 s, is: "
                    + camera + "\n" + appliance.printableLog());
            Thread.sleep(250);
        }
        return camera;
    }

    /** The command lines of the ffmpeg processes that read a camera's script. */
    private static List<String> ffmpegCommandLines(String cameraId) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String commandLine = commandLine(process);
                if (commandLine.contains("ffmpeg") && commandLine.contains(cameraId + ".ffconcat")) {
                    found.add(commandLine);
                }
            }
        }
        return found;
    }

    private static String commandLine(Path process) {
        try {
            return Files.readString(process.resolve("cmdline"), StandardCharsets.ISO_8859_1).replace('\0', ' ');
        } catch (IOException gone) {
            return "";
        }
    }

    @Test
    void aCameraWithTheRightPasswordStreamsAtItsConfiguredSize() throws Exception {
        awaitCamera("door", "STREAMING", "");
        Path snapshot = Files.createTempFile("door", ".jpg");
        try {
            assertEquals("200", appliance.download("/cameras/door/snapshot.jpg", snapshot).stdout());
            BufferedImage picture = ImageIO.read(snapshot.toFile());
            assertEquals(640, picture.getWidth());
            assertEquals(480, picture.getHeight());
        } finally {
            Files.delete(snapshot);
        }
        String source = appliance.url("/cameras/door/stream.mjpg").replaceFirst("^https://",
                "https://admin:" + appliance.password() + "@");
        Commands.Result frames = Commands.run(appliance.home(), List.of("ffmpeg", "-nostdin", "-v", "error",
                "-ca_file", appliance.certificate().toString(), "-tls_verify", "1", "-i", source,
                "-frames:v", "10", "-f", "framemd5", "-"));
        assertEquals(0, frames.exitCode(), frames.stderr());
        assertEquals("", frames.stderr().trim(), "ffmpeg decodes the stream without complaint");
        assertTrue(frames.stdout().contains("#dimensions 0: 640x480"), frames.stdout());
        assertEquals(10, frames.stdout().lines().filter(line -> !line.startsWith("#")).count(), frames.stdout());
    }

    @Test
    void thePasswordIsNeitherOnFfmpegsCommandLineNorReadableByOthers() throws Exception {
        awaitCamera("door", "STREAMING", "");
        List<String> door = ffmpegCommandLines("door");
        assertEquals(1, door.size(), "one ffmpeg for camera door: " + door);
        assertTrue(door.get(0).contains("-f concat") && door.get(0).contains("-an"), door.get(0));
        String encoded = "S3cret%40cam%3Aw%2Frd%27x";
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String commandLine = commandLine(process);
                if (!commandLine.contains("rtsp-server.py")) {
                    assertFalse(commandLine.contains(PASSWORD) || commandLine.contains(encoded)
                            || commandLine.contains(WRONG_PASSWORD), process + ": " + commandLine);
                }
            }
        }
        Path script = Path.of(door.get(0).replaceFirst(".* -i (\\S+door\\.ffconcat) .*", "$1"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(script)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(script.getParent())));
        assertTrue(Files.readString(script).contains("alice:" + encoded + "@127.0.0.1"), "the script has it");
    }

    @Test
    void aWrongPasswordIsAnErrorThatSaysSo() throws Exception {
        String wrong = awaitCamera("wrong", "ERROR", "refused the user name or password");
        assertTrue(wrong.contains("\"message\":\"RTSP camera rtsp://127.0.0.1:" + rtspPort
                + "/cam refused the user name or password (401 Unauthorized); restarting\""), wrong);
        assertFalse(appliance.log().contains(WRONG_PASSWORD), "the log never shows the password");
    }

    @Test
    void aStreamWithoutVideoFfmpegCanDecodeIsAnErrorThatSaysSo() throws Exception {
        for (String id : List.of("sound", "unknown")) {
            String camera = awaitCamera(id, "ERROR", "sends no video that ffmpeg can decode");
            assertTrue(camera.contains("\"message\":\"RTSP camera rtsp://127.0.0.1:" + rtspPort + "/"), camera);
        }
    }

    @Test
    void anRtspsCameraStreamsOnlyWithItsCertificatePinned() throws Exception {
        byte[] der;
        try (var in = Files.newInputStream(appliance.certificate())) {
            der = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
        }
        byte[] sha256 = java.security.MessageDigest.getInstance("SHA-256").digest(der);
        String fingerprint = java.util.HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256);
        sha256[0] ^= 1;
        String otherFingerprint = java.util.HexFormat.of().formatHex(sha256);
        String url = "rtsps://127.0.0.1:" + rtspsPort + "/cameras/front";
        String[] common = {"source", url, "username", "admin", "password", appliance.password(), "width", "320",
            "height", "240", "fps", "5"};
        appliance.configure("nightjar.camera-pinned.cfg", with(common, "trustFingerprint", fingerprint));
        appliance.configure("nightjar.camera-pinwrong.cfg", with(common, "trustFingerprint", otherFingerprint));
        appliance.configure("nightjar.camera-unpinned.cfg", common);
        try {
            awaitCamera("pinned", "STREAMING", "");
            Path snapshot = appliance.home().resolve("../pinned.jpg");
            assertEquals("200", appliance.download("/cameras/pinned/snapshot.jpg", snapshot).stdout());
            BufferedImage picture = ImageIO.read(snapshot.toFile());
            assertEquals(320, picture.getWidth());
            assertEquals(240, picture.getHeight());
            appliance.awaitLogLine(line -> line.contains("RTSPS: admin at 127.0.0.1 streams camera front"), 30);

            String wrongPin = awaitCamera("pinwrong", "ERROR", "does not match the configured trustFingerprint");
            assertTrue(wrongPin.contains("\"message\":\"RTSP camera " + url + " failed in TLS: "), wrongPin);
            String unpinned = awaitCamera("unpinned", "ERROR", "set trustFingerprint = " + fingerprint);
            assertTrue(unpinned.contains("the camera's certificate is not trusted"), unpinned);
            assertEquals(1, appliance.log().lines().filter(line -> line.contains(appliance.password())).count(),
                    "the admin's password is in the log only where the first start prints it");
        } finally {
            for (String id : new String[] {"pinned", "pinwrong", "unpinned"}) {
                Files.delete(appliance.home().resolve("config/nightjar.camera-" + id + ".cfg"));
            }
        }
    }

    private static String[] with(String[] keysAndValues, String key, String value) {
        String[] all = java.util.Arrays.copyOf(keysAndValues, keysAndValues.length + 2);
        all[keysAndValues.length] = key;
        all[keysAndValues.length + 1] = value;
        return all;
    }

    @Test
    void theServerGoingAwayIsAnErrorAndItsReturnBringsTheStreamBack() throws Exception {
        awaitCamera("door", "STREAMING", "");
        stopServer();
        try {
            // On the way down the camera may also see the stream end, or a connection accepted and closed by the
            // server as it shuts down; while the server is off, every attempt is refused.
            awaitCamera("door", "ERROR", "RTSP camera rtsp://127.0.0.1:" + rtspPort + "/cam refused the connection");
        } finally {
            startServer();
        }
        awaitCamera("door", "STREAMING", "");
        String before = appliance.download("/cameras/door/snapshot.jpg", Path.of("/dev/null")).stdout();
        assertEquals("200", before);
    }
}
