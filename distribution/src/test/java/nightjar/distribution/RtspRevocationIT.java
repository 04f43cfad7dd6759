package nightjar.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live RTSP streams of the unpacked tarball end when their login no longer holds: rotating the device
 * credential on the web API ends the plain RTSP stream opened with the old secret, and taking a camera from
 * a viewer ends its RTSPS stream of it (ffmpeg clients that would otherwise stream for ever).
 */
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

    @Test
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
