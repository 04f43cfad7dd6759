package nightjar.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Live streams of the unpacked tarball end when their login no longer holds: rotating the device
 * credential on the web API ends the plain RTSP stream opened with the old secret, taking a camera from
 * a viewer ends its RTSPS stream of it (ffmpeg clients that would otherwise stream for ever), and an admin's
 * reset of a viewer's password ends the viewer's RTSPS stream and its MJPEG stream over HTTPS (curl). In that
 * order: the first closure of a minute is the one the log names (the rest are summed up).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RtspRevocationIT {
    private static final String VIEWER_PASSWORD = RtspAppliance.VIEWER_PASSWORD;
    private static RtspAppliance rtsp;
    private static Appliance appliance;
    private static int tlsPort;
    private static int plainPort;

    @BeforeAll
    static void unpackAndStart() throws Exception {
        rtsp = RtspAppliance.start("rtsp-revocation");
        appliance = rtsp.appliance();
        tlsPort = rtsp.tlsPort();
        plainPort = rtsp.plainPort();
    }

    @AfterAll
    static void stop() throws Exception {
        if (appliance != null) {
            String log = appliance.finish("RTSP revocation");
            assertFalse(log.contains(VIEWER_PASSWORD), "no password in the log");
            assertTrue(Appliance.errors(log).isEmpty(), String.join("\n", Appliance.errors(log)));
        }
    }

    /** ffmpeg reading a stream until the server ends it. */
    private static Process stream(String url) throws IOException {
        return new ProcessBuilder("timeout", "120", "ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error",
                "-rtsp_transport", "tcp", "-i", url, "-f", "null", "-").redirectErrorStream(true)
                .redirectOutput(appliance.home().resolve("ffmpeg-" + url.hashCode() + ".log").toFile()).start();
    }

    /** curl reading the MJPEG stream over HTTPS with HTTP Basic until the server ends it; what it read goes to a file. */
    private static Process mjpeg(String account, String password, Path body) throws IOException {
        return new ProcessBuilder("timeout", "120", "curl", "-sS", "--cacert", appliance.certificate().toString(),
                "-u", account + ":" + password, "-o", body.toString(), appliance.url("/cameras/front/stream.mjpg"))
                .redirectErrorStream(true).redirectOutput(body.resolveSibling(body.getFileName() + ".log").toFile())
                .start();
    }

    @Test
    @Order(2)
    void aPasswordResetEndsTheLiveStreamsTheOldPasswordOpened() throws Exception {
        String password = "pat-password-12";
        Commands.Result added = appliance.curl("/api/users", "-X", "POST", "-H", "Content-Type: application/json",
                "--data-binary", "{\"name\":\"pat\",\"password\":\"" + password
                        + "\",\"role\":\"viewer\",\"cameras\":[\"front\"]}");
        assertEquals("201", added.stdout(), added.stderr());
        Path patBody = appliance.home().resolve("../pat.mjpg");
        Path adminBody = appliance.home().resolve("../admin.mjpg");
        Process patRtsp = stream("rtsps://pat:" + password + "@127.0.0.1:" + tlsPort + "/cameras/front");
        Process patHttps = mjpeg("pat", password, patBody);
        Process adminHttps = mjpeg("admin", appliance.password(), adminBody);
        try {
            appliance.awaitLogLine(line -> line.contains("RTSPS: pat at") && line.contains("streams camera front"), 30);
            awaitGrowing(patBody);
            awaitGrowing(adminBody);

            Commands.Result reset = appliance.curl("/api/users/pat/password", "-X", "POST", "-H",
                    "Content-Type: application/json", "--data-binary", "{\"password\":\"pat-password-34\"}");
            assertEquals("200", reset.stdout(), reset.stderr());
            assertTrue(patRtsp.waitFor(30, TimeUnit.SECONDS), "the RTSPS stream of the old password ended");
            assertTrue(patHttps.waitFor(30, TimeUnit.SECONDS), "the HTTPS stream of the old password ended");
            assertTrue(adminHttps.isAlive(), "the admin's stream goes on");
            awaitGrowing(adminBody);
            // The RTSP side's line went into the minute's summary after the other test's (see SummarisedLog).
            List<String> log = appliance.log().lines().toList();
            assertTrue(log.stream().anyMatch(line -> line.contains("Closed the stream of pat at")
                    && line.contains("(camera front): the password of pat was changed")), String.join("\n", log));
            assertEquals("401", appliance.curl("/cameras/front/snapshot.jpg", "-u", "pat:" + password).stdout(),
                    "the old password no longer logs in");
        } finally {
            patRtsp.destroyForcibly();
            patHttps.destroyForcibly();
            adminHttps.destroyForcibly();
        }
    }

    /** Waits until the file has grown twice: pictures are arriving. */
    private static void awaitGrowing(Path file) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long last = -1;
        int grown = 0;
        while (grown < 2) {
            assertTrue(System.nanoTime() < deadline, file + " grows");
            long size = Files.exists(file) ? Files.size(file) : 0;
            if (last >= 0 && size > last) {
                grown++;
            }
            last = size;
            Thread.sleep(300);
        }
    }

    @Test
    @Order(1)
    void rotatingTheCredentialAndTakingACameraEndTheLiveStreamsTheyOpened() throws Exception {
        Properties credential = rtsp.deviceCredential();
        Process nvr = stream("rtsp://" + credential.getProperty("username") + ":" + credential.getProperty("secret")
                + "@127.0.0.1:" + plainPort + "/cameras/front");
        Process vic = stream("rtsps://vic:" + VIEWER_PASSWORD + "@127.0.0.1:" + tlsPort + "/cameras/front");
        try {
            appliance.awaitLogLine(line -> line.contains("Plain RTSP: the device credential at")
                    && line.contains("streams camera front"), 30);
            appliance.awaitLogLine(line -> line.contains("RTSPS: vic at") && line.contains("streams camera front"), 30);

            Commands.Result rotated = appliance.curl("/api/device-credential/rotate", "-X", "POST");
            assertEquals("200", rotated.stdout(), rotated.stderr());
            assertTrue(nvr.waitFor(30, TimeUnit.SECONDS), "the stream of the old secret ended");
            assertTrue(vic.isAlive(), "the account's stream goes on");

            Commands.Result changed = appliance.curl("/api/users/vic", "-X", "PUT", "-H", "Content-Type: application/json",
                    "--data-binary", "{\"cameras\":[\"back\"]}");
            assertEquals("200", changed.stdout(), changed.stderr());
            assertTrue(vic.waitFor(30, TimeUnit.SECONDS), "the viewer's stream of a camera no longer its ended");
            List<String> log = appliance.log().lines().toList();
            assertTrue(log.stream().anyMatch(line -> line.contains("closed: the device credential was rotated")),
                    String.join("\n", log));
        } finally {
            nvr.destroyForcibly();
            vic.destroyForcibly();
        }
    }
}
