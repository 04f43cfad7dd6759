package nightjar.camera.internal;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.camera.CameraState;
import nightjar.api.capture.FrameSink;

/**
 * A network camera's RTSP stream, ingested by {@code ffmpeg} ({@link RtspCommand}) as a {@link ProcessSource}.
 * While the source is open, ffmpeg's ffconcat script, which holds the camera's password, is a file of mode
 * 0600 in a directory of mode 0700 (the camera bundle's data area, else a new temporary directory); it is
 * deleted when the source closes, and written afresh (replacing one a killed JVM left) when it starts. An
 * {@code rtsps://} camera is reached through a {@link TlsRelay}, which checks its certificate.
 */
final class RtspSource implements FrameSource {
    private static final Logger LOG = LoggerFactory.getLogger(RtspSource.class);
    private static final String PRIVATE_DIRECTORY = "rwx------";
    private static final String PRIVATE_FILE = "rw-------";

    private final String cameraId;
    private final RtspCommand rtsp;
    private final int width;
    private final int height;
    private final int fps;
    private final int quality;
    private final byte @Nullable [] pinnedSha256;
    private final @Nullable Path dataArea;
    private final FrameSink sink;
    private @Nullable TlsRelay relay;
    private @Nullable Path temporaryDirectory;
    private @Nullable Path script;
    private @Nullable ProcessSource process;

    /**
     * @param pinnedSha256 the rtsps:// camera's certificate fingerprint to trust, or null for the system's
     *     certificate authorities
     * @param dataArea a directory of the bundle's own, or null for a new temporary one
     */
    RtspSource(String cameraId, RtspCommand rtsp, int width, int height, int fps, int quality,
            byte @Nullable [] pinnedSha256, @Nullable Path dataArea, FrameSink sink) {
        this.cameraId = cameraId;
        this.rtsp = rtsp;
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.quality = quality;
        this.pinnedSha256 = pinnedSha256 == null ? null : pinnedSha256.clone();
        this.dataArea = dataArea;
        this.sink = sink;
    }

    /** The camera bundle's data area for the scripts, or null outside a framework. */
    static @Nullable Path bundleDataArea() {
        Bundle bundle = FrameworkUtil.getBundle(RtspSource.class);
        File area = bundle == null ? null : bundle.getDataFile("rtsp");
        return area == null ? null : area.toPath();
    }

    /** The script while the source is open (for tests). */
    @Nullable
    Path script() {
        return script;
    }

    /** The ffmpeg source while open (for tests). */
    @Nullable
    ProcessSource process() {
        return process;
    }

    @Override
    public void start() {
        String text = rtsp.script();
        ProcessSource.Report report = rtsp;
        if (rtsp.secure()) {
            TlsRelay started;
            try {
                started = TlsRelay.start(cameraId, rtsp.host(), rtsp.port(), pinnedSha256);
            } catch (IOException e) {
                LOG.warn("Camera {}: cannot start the TLS relay for {}: {}", cameraId, rtsp.shown(), e.toString());
                sink.state(CameraState.ERROR, rtsp.source() + ": cannot start its TLS relay (" + e.getMessage() + ")");
                return;
            }
            relay = started;
            text = rtsp.scriptThroughRelay(started.port());
            report = new RelayedReport(rtsp, started);
        }
        Path written;
        try {
            written = writeScript(text);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("Camera {}: cannot write ffmpeg's script for {}: {}", cameraId, rtsp.shown(), e.toString());
            sink.state(CameraState.ERROR, rtsp.source() + ": cannot write ffmpeg's script (" + e.getMessage() + ")");
            return;
        }
        script = written;
        ProcessSource started = new ProcessSource(cameraId, new ProcessSource.Command(
                RtspCommand.arguments(written, width, height, fps, quality), Map.of(), ProcessSource.Output.JPEG,
                width, height, quality), report, sink);
        process = started;
        started.start();
    }

    private Path writeScript(String text) throws IOException {
        Path directory = dataArea;
        if (directory == null) {
            directory = Files.createTempDirectory("nightjar-rtsp-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(PRIVATE_DIRECTORY)));
            temporaryDirectory = directory;
        } else {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString(PRIVATE_DIRECTORY));
        }
        Path file = directory.resolve(cameraId + ".ffconcat");
        Files.deleteIfExists(file);
        // Created owner-only, never readable by others for a moment; CREATE_NEW also refuses a planted link.
        try (SeekableByteChannel channel = Files.newByteChannel(file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(PRIVATE_FILE)))) {
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }
        return file;
    }

    @Override
    public void close() {
        ProcessSource running = process;
        process = null;
        if (running != null) {
            running.close();
        }
        TlsRelay relaying = relay;
        relay = null;
        if (relaying != null) {
            relaying.close();
        }
        try {
            Path written = script;
            script = null;
            if (written != null) {
                Files.deleteIfExists(written);
            }
            Path temporary = temporaryDirectory;
            temporaryDirectory = null;
            if (temporary != null) {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            LOG.warn("Camera {}: cannot delete ffmpeg's script: {}", cameraId, e.toString());
        }
    }

    /** ffmpeg's report, but a failed certificate check of the relay is what the camera's message says. */
    private record RelayedReport(RtspCommand rtsp, TlsRelay relay) implements ProcessSource.Report {
        @Override
        public String source() {
            return rtsp.source();
        }

        @Override
        public String logged(String line) {
            return rtsp.logged(line);
        }

        @Override
        public String ended(int exitCode, List<String> lastLines) {
            String problem = relay.problem();
            return problem != null ? "failed in TLS: " + problem : rtsp.ended(exitCode, lastLines);
        }
    }
}
