package nightjar.recorder.internal;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.camera.Frame;
import nightjar.api.recording.Clip;
import nightjar.api.recording.RecordingStatus;

/**
 * What the recorder does for one camera: keeps the pre-roll, opens a clip when motion starts (with
 * the pre-roll), when a manual recording starts or when the camera is recorded continuously, writes
 * frames into it, and closes it when none of these wants it any more (after the post-roll), at its
 * maximum length (the recording goes on in a new clip), when the picture changes size, when the
 * camera goes away, or when storage runs out.
 *
 * <p>Not thread-safe: every method but {@link #status()} runs on the camera's recording worker.
 * Decisions are timed by the frames' own clocks (and {@link #tick} when no frame comes), so a test
 * drives it with scripted frames and events alone.
 */
final class CameraRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(CameraRecorder.class);
    private static final int DEFAULT_FPS = 15;
    private static final int MAX_CAMERA_FPS = 30;

    /** Hears of clips and of failures to write them. */
    interface Listener {
        void started(ClipFiles files, Reason reason);

        void stopped(Clip clip, String why);

        /** Writing failed (a full disk, a directory gone): the recorder holds back until it is told to go on. */
        void failed(String cameraId, IOException cause);
    }

    private final String cameraId;
    private final ZoneId zone;
    private final Listener listener;
    private final IntSupplier cameraFps;
    /** The camera's rate as last asked (at start and each tick), not once per frame. */
    private int lastCameraFps;
    private RecorderSettings settings;
    private final PreRoll preRoll;
    private volatile @Nullable ClipWriter clip;
    private volatile boolean manual;
    private volatile long droppedFrames;
    private volatile String message = "";
    private boolean motion;
    private @Nullable Instant motionStart;
    private @Nullable Instant lastMotionEvent;
    /** The wall-clock time of the newest frame: "now" for what happens between frames. */
    private @Nullable Instant lastFrameAt;
    private @Nullable Instant postRollUntil;
    private boolean held;
    private final List<ClipFiles> unfinished = new ArrayList<>();

    /**
     * @param cameraFps the camera's frame rate, for clips when the configuration leaves it to the camera
     */
    CameraRecorder(String cameraId, RecorderSettings settings, ZoneId zone, IntSupplier cameraFps, Listener listener) {
        this.cameraId = cameraId;
        this.settings = settings;
        this.zone = zone;
        this.cameraFps = cameraFps;
        this.listener = listener;
        this.preRoll = new PreRoll(settings.preRollNanos(), settings.preRollMaxBytes());
        this.lastCameraFps = cameraFps.getAsInt();
        preRoll.interval(1_000_000_000L / clipFps());
    }

    String cameraId() {
        return cameraId;
    }

    /** New settings; a clip on another directory is closed, one no longer wanted ends with the next frame. */
    void settings(RecorderSettings changed) {
        if (!changed.directory().equals(settings.directory())) {
            close("the recordings directory changed");
        }
        settings = changed;
        preRoll.interval(1_000_000_000L / clipFps());
        preRoll.resize(changed.recordMotion() ? changed.preRollNanos() : 0, changed.preRollMaxBytes());
        if (!changed.recordMotion()) {
            preRoll.clear();
        }
    }

    /**
     * A frame from the camera, with the motion score of the moment and how many frames were dropped
     * before it because the worker could not keep up.
     */
    void frame(Frame frame, double score, long droppedBefore) {
        droppedFrames += droppedBefore;
        lastFrameAt = frame.wallClock();
        preRoll.add(frame);
        if (preRoll.shortenedSinceAsked()) {
            LOG.info("Camera {}: the pre-roll is held to {} MB, {} s of frames do not fit", cameraId,
                    settings.preRollMaxBytes() >> 20, settings.preRollNanos() / 1_000_000_000L);
        }
        ClipWriter current = clip;
        if (current != null) {
            current.countDropped(droppedBefore);
            if (!wanted(frame.wallClock())) {
                close(stopReason());
            } else if (current.full(frame.captureNanos(), settings.maxNanos(current.reason()))) {
                if (current.reason() == Reason.MANUAL) {
                    manual = false;
                }
                close("the clip reached its maximum length");
            }
        }
        if (clip == null) {
            if (!held && wanted(frame.wallClock())) {
                open(reasonToOpen(), List.of(frame), score);
            }
        } else {
            write(frame, score);
        }
    }

    /** Whether a motion event is in progress, as far as this recorder has been told. */
    boolean inMotion() {
        return motion;
    }

    /**
     * Motion began at {@code at}: a clip opens with the frames since the pre-roll before it. Events
     * are posted from different threads (an event's start from the camera's, its end from whoever
     * switched detection off), so they may arrive out of order: one older than the last is ignored.
     */
    void motionStarted(Instant at) {
        if (lastMotionEvent != null && at.isBefore(lastMotionEvent)) {
            return;
        }
        lastMotionEvent = at;
        motion = true;
        motionStart = at;
        postRollUntil = null;
        if (clip == null && !held && settings.recordMotion()) {
            open(reasonToOpen(), preRoll.since(at.minusNanos(settings.preRollNanos())), 0);
        }
    }

    /** Motion ended at {@code at}: the clip goes on for the post-roll, and new motion in it extends it. */
    void motionEnded(Instant at) {
        if (lastMotionEvent != null && at.isBefore(lastMotionEvent)) {
            return;
        }
        lastMotionEvent = at;
        motion = false;
        postRollUntil = at.plusNanos(settings.postRollNanos());
    }

    void manual(boolean on) {
        manual = on;
        Instant now = lastFrameAt;
        if (!on && clip != null && (now == null || !wanted(now))) {
            close("manual recording stopped");
        }
    }

    /** The time now, for when no frame comes: a clip whose post-roll has passed is closed. */
    void tick(Instant now) {
        lastCameraFps = cameraFps.getAsInt();
        preRoll.interval(1_000_000_000L / clipFps());
        if (clip != null && !wanted(now)) {
            close(stopReason());
        }
    }

    /** Storage is out (or back): a clip being written is closed cleanly, and none opens until it is back. */
    void hold(boolean on, String why) {
        held = on;
        message = on ? why : "";
        if (on) {
            close(why);
        } else {
            recoverUnfinished();
        }
    }

    /** The camera stopped or went away: its clip ends; the next frame opens a new one if still wanted. */
    void cameraGone(String why) {
        close(why);
        preRoll.clear();
    }

    void shutdown() {
        close("the recorder stopped");
        preRoll.clear();
    }

    /** Whether this clip file is the one being written. */
    boolean writing(ClipFiles files) {
        ClipWriter current = clip;
        return current != null && current.files().equals(files);
    }

    /** From any thread. */
    RecordingStatus status() {
        ClipWriter current = clip;
        return new RecordingStatus(cameraId, current != null, manual, current == null ? null : current.reason().label(),
                current == null ? null : current.current(), droppedFrames, message);
    }

    private boolean wanted(Instant now) {
        if (manual || settings.continuousCameras().contains(cameraId)) {
            return true;
        }
        Instant until = postRollUntil;
        return settings.recordMotion() && (motion || until != null && now.isBefore(until));
    }

    private Reason reasonToOpen() {
        if (settings.continuousCameras().contains(cameraId)) {
            return Reason.CONTINUOUS;
        }
        return manual ? Reason.MANUAL : Reason.MOTION;
    }

    private String stopReason() {
        return settings.recordMotion() && motionStart != null ? "the motion ended" : "nothing asks for a recording";
    }

    private int clipFps() {
        if (settings.fps() > 0) {
            return settings.fps();
        }
        int fps = lastCameraFps;
        return fps <= 0 ? DEFAULT_FPS : Math.min(fps, MAX_CAMERA_FPS);
    }

    private void open(Reason reason, List<Frame> frames, double score) {
        if (frames.isEmpty()) {
            return; // the next frame opens it
        }
        Frame first = frames.get(0);
        try {
            ClipFiles files = ClipFiles.allocate(settings.directory(), cameraId, first.wallClock(), zone, reason);
            clip = ClipWriter.open(files, reason, first, clipFps(), settings.quality());
            listener.started(files, reason);
        } catch (IOException e) {
            fail(e);
            return;
        }
        for (int i = 0; i < frames.size() && clip != null; i++) {
            write(frames.get(i), i == frames.size() - 1 ? score : 0);
        }
    }

    private void write(Frame frame, double score) {
        ClipWriter current = clip;
        if (current == null) {
            return;
        }
        try {
            current.write(frame, score);
        } catch (ClipWriter.FrameSizeChanged e) {
            Reason reason = current.reason();
            close(e.getMessage());
            open(reason, List.of(frame), score);
        } catch (IOException e) {
            fail(e);
        }
    }

    private void close(String why) {
        ClipWriter current = clip;
        if (current == null) {
            return;
        }
        clip = null;
        try {
            Clip finished = current.finish();
            if (current.damagedFrames() > 0) {
                LOG.warn("Camera {}: {} damaged frame{} left out of {}", cameraId, current.damagedFrames(),
                        current.damagedFrames() == 1 ? " was" : "s were", current.files().relativeVideo());
            }
            listener.stopped(finished, why);
        } catch (IOException e) {
            unfinished.add(current.files());
            listener.stopped(current.current(), why + "; the file could not be completed: " + e.getMessage());
            fail(e);
        }
    }

    /** Writing failed: what the clip has is kept (cut after its last whole page), and the recorder holds back. */
    private void fail(IOException cause) {
        ClipWriter current = clip;
        clip = null;
        if (current != null) {
            current.abandon();
            unfinished.add(current.files());
            listener.stopped(current.current(), "writing failed: " + cause.getMessage());
        }
        if (!held) {
            held = true;
            message = "cannot write recordings: " + cause.getMessage();
            listener.failed(cameraId, cause);
        }
        recoverUnfinished();
    }

    private void recoverUnfinished() {
        unfinished.removeIf(files -> {
            try {
                PartRecovery.recover(files, zone);
                return true;
            } catch (IOException e) {
                return false; // again when storage is back
            }
        });
    }
}
