package nightjar.rtsp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nightjar.api.camera.testing.FakeCamera;
import nightjar.codec.jpeg.Sampling;
import nightjar.tasks.Threads;

/**
 * The server with fake cameras and fake security services, against real clients: ffprobe and ffmpeg over
 * rtsps:// (Basic, accounts and the device credential) and plain rtsp:// (Digest, TCP and UDP).
 */
class RealClientsTest {
    @TempDir
    static Path temp;

    private static final FakeCamera FRONT = new FakeCamera("front", FakeCamera.streaming(640, 480, 15));
    private static final FakeCamera BACK = new FakeCamera("back", FakeCamera.streaming(640, 480, 15));
    private static final FakeSecurity.Passwords PASSWORDS = FakeSecurity.Passwords.of("admin-pw", "viewer-pw", Set.of("front"));
    private static RtspService service;
    private static Thread pump;
    private static volatile boolean pumping = true;

    @BeforeAll
    static void start() throws Exception {
        var tls = FakeSecurity.tls(temp);
        var device = FakeSecurity.device("nvr", "device-secret");
        RtspSettings settings = new RtspSettings(0, 0, "127.0.0.1", 20, 20, 60, 1400, false, 85);
        service = new RtspService(settings, id -> id.equals("front") ? FRONT : id.equals("back") ? BACK : null,
                () -> PASSWORDS, () -> device, () -> PASSWORDS, () -> tls, System::nanoTime);
        service.startOn(0, 0);
        List<byte[]> frames = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            frames.add(Pictures.ours(640, 480, Sampling.YUV420, n));
        }
        // Frames at about 30 a second, as a camera delivers them, for as long as the tests run.
        pump = Threads.thread("test-camera", () -> {
            for (int n = 0; pumping; n++) {
                FRONT.deliver(frames.get(n % frames.size()), 640, 480);
                BACK.deliver(frames.get(n % frames.size()), 640, 480);
                try {
                    Thread.sleep(33);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        pump.start();
    }

    @AfterAll
    static void stop() throws Exception {
        pumping = false;
        pump.join();
        service.stop();
    }

    private static String tlsUrl(String credentials, String camera) {
        return "rtsps://" + credentials + "@127.0.0.1:" + service.tlsPort() + "/cameras/" + camera;
    }

    private static String plainUrl(String credentials, String camera) {
        return "rtsp://" + credentials + "@127.0.0.1:" + service.plainPort() + "/cameras/" + camera;
    }

    /** ffmpeg decoding 30 frames of the stream; returns how many it decoded. */
    private static int decodedFrames(String url, String transport) throws Exception {
        String output = Pictures.run(temp, List.of("ffmpeg", "-nostdin", "-hide_banner", "-rtsp_transport", transport,
                "-i", url, "-frames:v", "30", "-f", "null", "-"), 60);
        Matcher frames = Pattern.compile("frame=\\s*(\\d+)").matcher(output);
        int last = -1;
        while (frames.find()) {
            last = Integer.parseInt(frames.group(1));
        }
        return last;
    }

    @Test
    void ffmpegDecodes30FramesOverRtspsWithAnAccountAndTheDeviceCredential() throws Exception {
        assertEquals(30, decodedFrames(tlsUrl("admin:admin-pw", "front"), "tcp"));
        assertEquals(30, decodedFrames(tlsUrl("nvr:device-secret", "back"), "tcp"));
    }

    @Test
    void ffprobeSeesMotionJpegAt640x480() throws Exception {
        String probe = Pictures.run(temp, List.of("ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-show_entries",
                "stream=codec_name,width,height", "-of", "csv=p=0", tlsUrl("viewer:viewer-pw", "front")), 60);
        assertEquals("mjpeg,640,480", probe.strip());
    }

    @Test
    void plainRtspTakesTheDeviceCredentialWithDigestOverTcpAndUdp() throws Exception {
        assertEquals(30, decodedFrames(plainUrl("nvr:device-secret", "front"), "tcp"));
        assertEquals(30, decodedFrames(plainUrl("nvr:device-secret", "front"), "udp"));
    }

    @Test
    void wrongCredentialsAndOtherCamerasAreRefused() throws Exception {
        assertRefused(tlsUrl("admin:wrong", "front"), "401", "a wrong password");
        assertRefused(plainUrl("admin:admin-pw", "front"), "401", "plain RTSP never takes an account's password");
        assertRefused(tlsUrl("viewer:viewer-pw", "back"), "403", "a viewer of the front camera only");
    }

    /** ffprobe fails to open the stream at this URL, with this status in what it says. */
    private static void assertRefused(String url, String status, String why) throws Exception {
        Pictures.Result probe = Pictures.attempt(temp, List.of("ffprobe", "-v", "error", "-rtsp_transport", "tcp", url),
                60);
        assertNotEquals(0, probe.exitCode(), why);
        assertTrue(probe.output().contains(status), probe.output());
    }
}
