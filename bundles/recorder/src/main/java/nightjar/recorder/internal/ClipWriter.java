package nightjar.recorder.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import nightjar.api.camera.Frame;
import nightjar.api.recording.Clip;
import nightjar.codec.jpeg.JpegException;
import nightjar.codec.theora.TheoraOggWriter;
import nightjar.codec.theora.TheoraOptions;

/**
 * One clip being written: the Ogg/Theora file under its {@code .part} name, pages on disk at least
 * every half second of video and synced to the medium every second, the frame of peak motion kept for
 * the poster. When the peak has changed, poster and sidecar are brought up to date at each sync, so a
 * clip cut off by a crash is recovered with its peak score and the poster of its peak frame.
 * {@link #finish} writes poster and sidecar and only then renames the video, so a finished
 * {@code .ogg} always has both. Used by one thread at a time; the counters may be read from any.
 */
final class ClipWriter {
    /** Pages reach the file at least this often in video time: what a crash of the JVM may lose. */
    private static final int FLUSH_MILLIS = 500;
    /** How often written pages are synced to the medium: what a power cut may lose. */
    private static final long SYNC_NANOS = 1_000_000_000L;

    private final ClipFiles files;
    private final Reason reason;
    private final Instant start;
    private final FileChannel channel;
    private final TheoraOggWriter writer;
    private final long firstCaptureNanos;
    private final int width;
    private final int height;
    private volatile long frames;
    private volatile long droppedFrames;
    private volatile long damagedFrames;
    private volatile double peakScore = -1;
    private @Nullable Frame poster;
    /** Whether the peak changed since poster and sidecar were last written. */
    private boolean peakUnsaved;
    private long lastSyncNanos;
    private long lastCaptureNanos;

    private ClipWriter(ClipFiles files, Reason reason, Frame first, FileChannel channel, TheoraOggWriter writer) {
        this.files = files;
        this.reason = reason;
        this.start = first.wallClock();
        this.channel = channel;
        this.writer = writer;
        this.firstCaptureNanos = first.captureNanos();
        this.width = first.width();
        this.height = first.height();
        this.lastSyncNanos = first.captureNanos();
        this.lastCaptureNanos = first.captureNanos();
    }

    /** Creates the clip's files for a clip that begins with {@code first}. */
    static ClipWriter open(ClipFiles files, Reason reason, Frame first, int fps, int quality) throws IOException {
        FileChannel channel = FileChannel.open(files.part(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            TheoraOptions options = TheoraOptions.of(fps).withQuality(quality).withFlushMillis(FLUSH_MILLIS)
                    .withComments(Map.of("CAMERA", files.cameraId(), "REASON", reason.label(), "DATE",
                            first.wallClock().toString(), "ENCODER", "Nightjar recorder"));
            ClipWriter clip = new ClipWriter(files, reason, first, channel, TheoraOggWriter.open(channel, options));
            clip.sidecar(null, false).write(files.sidecar());
            // A poster from the start, so that a clip cut off by a crash has one too.
            clip.writePoster(first);
            return clip;
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(files.part());
            Files.deleteIfExists(files.sidecar());
            throw e;
        }
    }

    /**
     * Adds a frame, its JPEG read where it lies (not copied). A frame the JPEG reader refuses is counted
     * as damaged and left out; IOException is a failure of the file.
     */
    void write(Frame frame, double score) throws IOException {
        if (frame.width() != width || frame.height() != height) {
            throw new FrameSizeChanged("the picture changed from " + width + "x" + height + " to " + frame.width()
                    + "x" + frame.height());
        }
        boolean written;
        try {
            written = writer.write(frame.jpeg(), frame.captureNanos());
        } catch (JpegException e) {
            damagedFrames++;
            return;
        }
        if (!written) {
            return;
        }
        frames++;
        lastCaptureNanos = frame.captureNanos();
        if (score > peakScore) {
            peakScore = score;
            poster = frame;
            peakUnsaved = true;
        }
        if (frame.captureNanos() - lastSyncNanos >= SYNC_NANOS) {
            channel.force(false);
            lastSyncNanos = frame.captureNanos();
            savePeak();
        }
    }

    /** The picture changed size: the clip must end and the next one begin with the new size. */
    static final class FrameSizeChanged extends IOException {
        private static final long serialVersionUID = 1L;

        FrameSizeChanged(String message) {
            super(message);
        }
    }

    void countDropped(long count) {
        droppedFrames += count;
    }

    /** Nanoseconds of camera time from the first frame to the last one written. */
    long lengthNanos() {
        return lastCaptureNanos - firstCaptureNanos;
    }

    /** Whether the clip has reached {@code maxNanos} at a frame captured at {@code captureNanos}. */
    boolean full(long captureNanos, long maxNanos) {
        return captureNanos - firstCaptureNanos >= maxNanos;
    }

    /**
     * Ends the stream, writes poster and sidecar, and renames the video to its final name. When the
     * file cannot be completed (a full disk), what is on it stays under the {@code .part} name for
     * {@link PartRecovery} and the IOException says why.
     */
    Clip finish() throws IOException {
        writer.close();
        Instant end = start.plusNanos(lengthNanos());
        Frame picture = poster;
        if (picture != null) {
            writePoster(picture);
        }
        sidecar(end, false).write(files.sidecar());
        Files.move(files.part(), files.video(), StandardCopyOption.ATOMIC_MOVE);
        return clip(end, Files.size(files.video()));
    }

    /** Closes the file without completing it (the clip ends because writing failed). */
    void abandon() {
        try {
            writer.close();
        } catch (IOException e) {
            // The file is left as it is; recovery keeps its intact pages.
        }
        try {
            savePeak();
        } catch (IOException e) {
            // The disk is full: poster and sidecar stay as last written, for recovery.
        }
    }

    /** The clip as it stands, for status reports. */
    Clip current() {
        return clip(null, writer.statistics().bytesWritten());
    }

    ClipFiles files() {
        return files;
    }

    Reason reason() {
        return reason;
    }

    long damagedFrames() {
        return damagedFrames;
    }

    private Clip clip(@Nullable Instant end, long bytes) {
        return new Clip(files.cameraId(), files.name(), start, end, reason.label(), bytes, frames, droppedFrames,
                Math.max(0, peakScore), poster != null);
    }

    private Sidecar sidecar(@Nullable Instant end, boolean recovered) {
        // The keyframes once the clip is complete: until then nobody reads them, and the list only grows.
        return new Sidecar(files.cameraId(), files.name(), reason.label(), start, end, frames, droppedFrames,
                Math.max(0, peakScore), recovered, end == null ? List.of() : writer.keyframes());
    }

    /** Writes poster and sidecar (still without an end) when the peak changed since they were last written. */
    private void savePeak() throws IOException {
        Frame picture = poster;
        if (!peakUnsaved || picture == null) {
            return;
        }
        writePoster(picture);
        sidecar(null, false).write(files.sidecar());
        peakUnsaved = false;
    }

    private void writePoster(Frame picture) throws IOException {
        Path temporary = files.poster().resolveSibling(files.poster().getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer jpeg = picture.jpeg();
            while (jpeg.hasRemaining()) {
                out.write(jpeg);
            }
        }
        Files.move(temporary, files.poster(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
