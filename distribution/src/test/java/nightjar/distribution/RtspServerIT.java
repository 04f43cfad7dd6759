package nightjar.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The RTSP server of the unpacked tarball with real clients: ffprobe and ffmpeg over rtsps:// (an account,
 * the device credential) and plain rtsp:// (the device credential with Digest, over TCP and UDP), a viewer
 * refused the camera that is not its, wrong credentials refused, GStreamer's rtspsrc decoding too.
 */
class RtspServerIT {
    private static final String VIEWER_PASSWORD = RtspAppliance.VIEWER_PASSWORD;
    private static Appliance appliance;
    private static int tlsPort;
    private static int plainPort;
    private static String device;
    private static String secret;

    @BeforeAll
    static void unpackAndStart() throws Exception {
        RtspAppliance rtsp = RtspAppliance.start("rtsp");
        appliance = rtsp.appliance();
        tlsPort = rtsp.tlsPort();
        plainPort = rtsp.plainPort();
        Properties credential = rtsp.deviceCredential();
        device = credential.getProperty("username");
        secret = credential.getProperty("secret");
    }

    @AfterAll
    static void stop() throws Exception {
        if (appliance != null) {
            String log = appliance.finish("RTSP server");
            assertFalse(log.contains(VIEWER_PASSWORD), "no password in the log");
            assertFalse(log.contains(secret), "no device secret in the log");
            assertTrue(Appliance.errors(log).isEmpty(), String.join("\n", Appliance.errors(log)));
        }
    }

    private static String rtsps(String user, String password, String camera) {
        return "rtsps://" + user + ":" + password + "@127.0.0.1:" + tlsPort + "/cameras/" + camera;
    }

    private static String rtsp(String user, String password, String camera) {
        return "rtsp://" + user + ":" + password + "@127.0.0.1:" + plainPort + "/cameras/" + camera;
    }

    /** ffmpeg decoding 30 frames of a stream: the number of frames it reports. */
    private static int decoded(String url, String transport) throws Exception {
        Commands.Result result = Commands.run(appliance.home(), List.of("timeout", "60", "ffmpeg", "-nostdin", "-hide_banner",
                "-rtsp_transport", transport, "-i", url, "-frames:v", "30", "-f", "null", "-"));
        assertEquals(0, result.exitCode(), result.stderr());
        Matcher frames = Pattern.compile("frame=\\s*(\\d+)").matcher(result.stderr());
        int last = -1;
        while (frames.find()) {
            last = Integer.parseInt(frames.group(1));
        }
        return last;
    }

    private static Commands.Result probe(String url, String transport) throws Exception {
        return Commands.run(appliance.home(), List.of("timeout", "60", "ffprobe", "-v", "error", "-rtsp_transport", transport,
                "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", url));
    }

    @Test
    void rtspsTakesAccountsAndTheDeviceCredential() throws Exception {
        assertEquals(30, decoded(rtsps("admin", appliance.password(), "front"), "tcp"));
        assertEquals(30, decoded(rtsps(device, secret, "back"), "tcp"));
        Commands.Result viewer = probe(rtsps("vic", VIEWER_PASSWORD, "front"), "tcp");
        assertEquals(0, viewer.exitCode(), viewer.stderr());
        assertEquals("mjpeg,640,480", viewer.stdout().strip());
    }

    @Test
    void aViewerIsRefusedTheCameraThatIsNotItsAndWrongPasswordsAreRefused() throws Exception {
        Commands.Result other = probe(rtsps("vic", VIEWER_PASSWORD, "back"), "tcp");
        assertNotEquals(0, other.exitCode());
        assertTrue(other.stderr().contains("403 Forbidden"), other.stderr());
        Commands.Result wrong = probe(rtsps("admin", "wrong-password", "front"), "tcp");
        assertNotEquals(0, wrong.exitCode());
        assertTrue(wrong.stderr().contains("401 Unauthorized"), wrong.stderr());
        Commands.Result wrongSecret = probe(rtsp(device, secret + "x", "front"), "tcp");
        assertTrue(wrongSecret.stderr().contains("401 Unauthorized"), wrongSecret.stderr());
        Commands.Result account = probe(rtsp("admin", appliance.password(), "front"), "tcp");
        assertTrue(account.stderr().contains("401 Unauthorized"), "plain RTSP never takes an account's password: "
                + account.stderr());
    }

    @Test
    void plainRtspTakesTheDeviceCredentialOverTcpAndUdp() throws Exception {
        assertEquals(30, decoded(rtsp(device, secret, "front"), "tcp"));
        assertEquals(30, decoded(rtsp(device, secret, "front"), "udp"));
    }

    @Test
    void gstreamersRtspsrcDecodesBothPorts() throws Exception {
        for (List<String> source : List.of(
                List.of("location=rtsps://127.0.0.1:" + tlsPort + "/cameras/front", "user-id=vic", "user-pw=" + VIEWER_PASSWORD,
                        "tls-validation-flags=0"),
                List.of("location=rtsp://127.0.0.1:" + plainPort + "/cameras/back", "user-id=" + device, "user-pw=" + secret))) {
            List<String> command = new ArrayList<>(List.of("timeout", "60", "gst-launch-1.0", "-q", "rtspsrc"));
            command.addAll(source);
            command.addAll(List.of("protocols=tcp", "!", "rtpjpegdepay", "!", "jpegdec", "!", "identity", "eos-after=30",
                    "!", "fakesink"));
            Commands.Result result = Commands.run(appliance.home(), command);
            assertEquals(0, result.exitCode(), source.get(0) + ":\n" + result.stdout() + result.stderr());
        }
    }
}
