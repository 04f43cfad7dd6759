package nightjar.camera.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nightjar.api.camera.CameraState;
import nightjar.api.capture.testing.RecordingSink;

/**
 * The RTSP source with the real ffmpeg against loopback ports that refuse it or keep it waiting: the
 * password stays out of its command line and in an owner-only script that is gone when the camera closes,
 * and the camera's message says what went wrong. (The stream itself, from a real RTSP server, is
 * {@code RtspCameraIT}'s.)
 */
class RtspSourceTest {
    private static final String PASSWORD = "pa'ss:w@rd";

    @TempDir
    Path dir;
    private final RecordingSink sink = new RecordingSink();
    private RtspSource source;

    @BeforeEach
    void ffmpegIsInstalled() {
        assumeTrue(ProcessSource.installed("ffmpeg", System.getenv()), "ffmpeg is installed");
    }

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void thePasswordIsInAnOwnerOnlyScriptAndNotOnFfmpegsCommandLine() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            start("rtsp://127.0.0.1:" + silent.getLocalPort() + "/cam", dir.resolve("rtsp"));
            try (Socket ffmpeg = silent.accept()) {
                Path script = source.script();
                assertEquals(dir.resolve("rtsp").resolve("front.ffconcat"), script);
                assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(script.getParent())));
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(script)));
                assertTrue(Files.readString(script).contains("alice:pa%27ss%3Aw%40rd@127.0.0.1"));
                Process child = source.process().process();
                String commandLine = Files.readString(Path.of("/proc", Long.toString(child.pid()), "cmdline"),
                        StandardCharsets.UTF_8).replace('\0', ' ');
                assertTrue(commandLine.contains("ffmpeg") && commandLine.contains(script.toString()), commandLine);
                assertFalse(commandLine.contains("alice") || commandLine.contains("pa%27ss") || commandLine.contains("rd@"),
                        commandLine);
                source.close();
                assertFalse(Files.exists(script), "the script is deleted with the camera");
            }
        }
    }

    @Test
    void aRefusedConnectionIsTheCamerasMessage() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        start("rtsp://bob:wrong@127.0.0.1:" + closedPort + "/cam", null);
        Path script = source.script();
        assertTrue(script.getParent().getFileName().toString().startsWith("nightjar-rtsp-"), script.toString());
        RecordingSink.await("ffmpeg's failure", () -> sink.states.size() >= 2);
        assertEquals(new RecordingSink.State(CameraState.STARTING, "starting RTSP camera rtsp://127.0.0.1:" + closedPort
                + "/cam"), sink.states.get(0));
        assertEquals(new RecordingSink.State(CameraState.ERROR, "RTSP camera rtsp://127.0.0.1:" + closedPort
                + "/cam refused the connection (a wrong port, or the camera's RTSP server is off); restarting"),
                sink.states.get(1));
        source.close();
        assertFalse(Files.exists(script.getParent()), "the temporary directory is deleted with the camera");
    }

    private void start(String url, Path dataArea) throws IOException {
        source = new RtspSource("front", RtspCommand.of(url, "alice", PASSWORD), 64, 48, 5, 80, null, dataArea, sink);
        source.start();
    }
}
