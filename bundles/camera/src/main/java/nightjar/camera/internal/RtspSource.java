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
 * deleted when the source closes, and written afresh (replacing one a killed JVM left) when it starts.
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
    private final @Nullable Path dataArea;
    private final FrameSink sink;
    private @Nullable Path temporaryDirectory;
    private @Nullable Path script;
    private @Nullable ProcessSource process;

    /** @param dataArea a directory of the bundle's own, or null for a new temporary one */
    RtspSource(String cameraId, RtspCommand rtsp, int width, int height, int fps, int quality,
            @Nullable Path dataArea, FrameSink sink) {
        this.cameraId = cameraId;
        this.rtsp = rtsp;
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.quality = quality;
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
        Path written;
        try {
            written = writeScript();
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("Camera {}: cannot write ffmpeg's script for {}: {}", cameraId, rtsp.shown(), e.toString());
            sink.state(CameraState.ERROR, rtsp.source() + ": cannot write ffmpeg's script (" + e.getMessage() + ")");
            return;
        }
        script = written;
        ProcessSource started = new ProcessSource(cameraId, new ProcessSource.Command(
                RtspCommand.arguments(written, width, height, fps, quality), Map.of(), ProcessSource.Output.JPEG,
                width, height, quality), rtsp, sink);
        process = started;
        started.start();
    }

    private Path writeScript() throws IOException {
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
            channel.write(ByteBuffer.wrap(rtsp.script().getBytes(StandardCharsets.UTF_8)));
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
}
