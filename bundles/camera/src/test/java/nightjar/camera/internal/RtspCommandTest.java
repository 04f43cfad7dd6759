package nightjar.camera.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * ffmpeg's command for an RTSP camera: no credentials among its arguments, the script that carries them,
 * and ffmpeg's own lines (as FFmpeg 5.1 writes them through the concat demuxer) said in words.
 */
class RtspCommandTest {
    private static final RtspCommand CAMERA = RtspCommand.of("rtsp://192.0.2.7:554/Streaming/101", "admin",
            "pa'ss:w@rd/x");

    @Test
    void theArgumentsHoldNoCredentialsButTheScriptPath() {
        List<String> arguments = RtspCommand.arguments(Path.of("/data/rtsp/front.ffconcat"), 640, 480, 10, 80);
        assertEquals(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-f", "concat", "-safe", "0",
                "-protocol_whitelist", "file,rtsp,tcp,udp,rtp", "-i", "/data/rtsp/front.ffconcat",
                "-an", "-sn", "-dn", "-vf", "fps=10,scale=640:480", "-f", "mjpeg", "-q:v", "8", "pipe:1"), arguments);
    }

    @Test
    void theScriptCarriesTheEncodedCredentialsAndTheRtspOptions() {
        assertEquals("ffconcat version 1.0\n"
                + "file 'rtsp://admin:pa%27ss%3Aw%40rd%2Fx@192.0.2.7:554/Streaming/101'\n"
                + "option rtsp_transport tcp\n"
                + "option timeout 10000000\n", CAMERA.script());
        assertEquals("rtsp://192.0.2.7:554/Streaming/101", CAMERA.shown());
        assertEquals("RTSP camera rtsp://192.0.2.7:554/Streaming/101", CAMERA.source());
    }

    @Test
    void credentialsInTheUrlAreTakenOutOfItAndTheCamerasOwnWin() {
        RtspCommand inUrl = RtspCommand.of("rtsp://bob:s%40fe@cam.local/live?channel=1", "", "");
        assertEquals("rtsp://cam.local/live?channel=1", inUrl.shown());
        assertTrue(inUrl.script().contains("file 'rtsp://bob:s%40fe@cam.local/live?channel=1'"), inUrl.script());
        RtspCommand both = RtspCommand.of("rtsps://bob:old@cam.local:322/live", "carol", "new");
        assertEquals("rtsps://cam.local:322/live", both.shown());
        assertTrue(both.script().contains("file 'rtsps://carol:new@cam.local:322/live'"), both.script());
        RtspCommand none = RtspCommand.of("rtsp://cam.local/it's", "", "");
        assertFalse(none.hasCredentials());
        assertTrue(none.script().contains("file 'rtsp://cam.local/it'\\''s'"), none.script());
    }

    @Test
    void anRtspsCameraIsReachedInPlainRtspThroughTheLoopbackRelay() {
        RtspCommand secure = RtspCommand.of("rtsps://bob:s%40fe@cam.local/live?channel=1", "", "");
        assertTrue(secure.secure());
        assertEquals("cam.local", secure.host());
        assertEquals(322, secure.port());
        assertTrue(secure.scriptThroughRelay(40123).contains("file 'rtsp://bob:s%40fe@127.0.0.1:40123/live?channel=1'"),
                secure.scriptThroughRelay(40123));
        assertEquals("rtsps://cam.local/live?channel=1", secure.shown());
        RtspCommand v6 = RtspCommand.of("rtsps://[2001:db8::7]:8322/cameras/front", "", "");
        assertEquals("2001:db8::7", v6.host());
        assertEquals(8322, v6.port());
        assertFalse(CAMERA.secure());
        assertEquals(554, RtspCommand.of("rtsp://cam.local/live", "", "").port());
    }

    @Test
    void badUrlsAreRefusedWithoutTheirPassword() {
        assertEquals("source = rtsp:///live: the URL has no host", RtspCommand.problem("rtsp:///live"));
        String bad = RtspCommand.problem("rtsp://u:secret@cam .local/x");
        assertTrue(bad.startsWith("source = rtsp://cam .local/x: not a valid URL"), bad);
        assertNull(RtspCommand.problem("rtsps://u:secret@cam.local:322/x"));
        assertEquals("source = rtsp://127.0.0.1/cam: the URL has no host (give the user name and password as username "
                + "and password instead)",
                RtspCommand.problem("rtsp://alice:pa'ss:w@rd@127.0.0.1/cam"), "a password with an @ of its own");
        assertEquals("rtsp://cam.local/x", RtspCommand.withoutUserInfo("rtsp://alice:pa/ss@cam.local/x"));
        assertEquals("rtsp://cam.local/x", RtspCommand.withoutUserInfo("rtsp://cam.local/x"));
        assertThrows(IllegalArgumentException.class, () -> RtspCommand.of("http://cam.local/", "", ""));
    }

    @Test
    void theLogNeverShowsTheCredentials() {
        assertEquals("[concat @ 0x55dd94ee3a00] Impossible to open 'rtsp://192.0.2.7:554/Streaming/101'",
                CAMERA.logged("[concat @ 0x55dd94ee3a00] Impossible to open "
                        + "'rtsp://admin:pa%27ss%3Aw%40rd%2Fx@192.0.2.7:554/Streaming/101'"));
        assertEquals("a password *** in a line", CAMERA.logged("a password pa'ss:w@rd/x in a line"));
        assertEquals("Connection refused", RtspCommand.of("rtsp://h/", "u", "e").logged("Connection refused"));
    }

    @Test
    void ffmpegsLinesAreSaidInWords() {
        assertEquals("refused the user name or password (401 Unauthorized)", CAMERA.ended(1, List.of(
                "[rtsp @ 0x55dd94eed380] method DESCRIBE failed: 401 Unauthorized",
                "[concat @ 0x55dd94ee3a00] Impossible to open 'rtsp://192.0.2.7:554/Streaming/101'",
                "/data/rtsp/front.ffconcat: Server returned 401 Unauthorized (authorization failed)")));
        assertEquals("asks for a user name and password (401 Unauthorized): set the camera's username and password",
                RtspCommand.of("rtsp://cam.local/", "", "").ended(1, List.of(
                        "[rtsp @ 0x5639864f0a00] method DESCRIBE failed: 401 Unauthorized")));
        assertEquals("has no stream at this path (404 Not Found)", CAMERA.ended(1, List.of(
                "[rtsp @ 0x5578b4e1ea00] method DESCRIBE failed: 404 Not Found",
                "/data/rtsp/front.ffconcat: Server returned 404 Not Found")));
        assertEquals("refused the connection (a wrong port, or the camera's RTSP server is off)", CAMERA.ended(1,
                List.of("[tcp @ 0x55f6bf1fff80] Connection to tcp://127.0.0.1:18555?timeout=10000000 failed: "
                        + "Connection refused", "/data/rtsp/front.ffconcat: Connection refused")));
        assertEquals("cannot be found: unknown host nosuchhost.invalid", CAMERA.ended(1, List.of(
                "[tcp @ 0x5579bc7fe8c0] Failed to resolve hostname nosuchhost.invalid: Name or service not known",
                "/data/rtsp/front.ffconcat: Input/output error")));
        assertEquals("sends no video that ffmpeg can decode (only sound, or a format ffmpeg does not know)",
                CAMERA.ended(1, List.of("Output file #0 does not contain any stream")));
        assertEquals("answered 503 Service Unavailable", CAMERA.ended(1, List.of(
                "[rtsp @ 0x5578b4e1ea00] method SETUP failed: 503 Service Unavailable")));
        assertEquals("failed in TLS: An unexpected TLS packet was received.", CAMERA.ended(1, List.of(
                "[tls @ 0x55ca957aff80] An unexpected TLS packet was received.",
                "[concat @ 0x55ca957a3a00] Impossible to open 'rtsps://127.0.0.1:18554/open'",
                "/data/rtsp/front.ffconcat: Input/output error")));
        assertEquals("closed the connection or does not answer as an RTSP server (invalid data)", CAMERA.ended(1,
                List.of("[concat @ 0x55adbc6ce980] Impossible to open 'rtsp://192.0.2.7:554/Streaming/101'",
                        "/data/rtsp/front.ffconcat: Invalid data found when processing input")));
        assertEquals("ended the stream", CAMERA.ended(0, List.of()));
        assertEquals("could not be read: ffmpeg exited with code 1: something else", CAMERA.ended(1, List.of(
                "[h264 @ 0x55] something else")));
    }

    @Test
    void qualityRunsFromFfmpegsWorstToItsBest() {
        assertEquals(31, RtspCommand.ffmpegQuality(1));
        assertEquals(2, RtspCommand.ffmpegQuality(100));
        assertEquals(8, RtspCommand.ffmpegQuality(80));
    }
}
