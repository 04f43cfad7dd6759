package nightjar.recorder.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

import org.jspecify.annotations.Nullable;
import org.osgi.service.event.Event;

import nightjar.api.camera.Camera;
import nightjar.api.camera.CameraState;
import nightjar.api.event.EventProperties;
import nightjar.api.event.Topics;
import nightjar.api.motion.MotionDetector;

/**
 * The cameras the recorder records: a {@link CameraSlot} per camera while the recorder is open, the
 * motion detectors whose scores and motion reach the workers, and the events routed to the camera's
 * worker. Cameras and detectors come and go on DS's threads at any time, before the recorder opens and
 * after it closes too.
 */
final class RecordingCameras {
    /** Starts what the recorder runs for a camera; its worker takes {@code motionScore} for each frame. */
    interface SlotStarter {
        CameraSlot start(Camera camera, DoubleSupplier motionScore);
    }

    private final Clock clock;
    private final long stopMillis;
    private final Map<String, Camera> cameras = new ConcurrentHashMap<>();
    private final Map<String, MotionDetector> detectors = new ConcurrentHashMap<>();
    private final Map<String, CameraSlot> slots = new ConcurrentHashMap<>();
    /** Set while the recorder is open. */
    private volatile @Nullable SlotStarter starter;

    /** @param stopMillis how long a camera's worker is given to close its clip when it stops */
    RecordingCameras(Clock clock, long stopMillis) {
        this.clock = clock;
        this.stopMillis = stopMillis;
    }

    /** Starts recording every camera known now and every one that comes later. */
    void open(SlotStarter slotStarter) {
        starter = slotStarter;
        cameras.values().forEach(this::start);
    }

    /** Stops every camera's recording (each closes its clip); cameras that come later wait for open. */
    void close() {
        starter = null;
        for (String id : List.copyOf(slots.keySet())) {
            stop(id);
        }
    }

    void addCamera(Camera camera) {
        Camera before = cameras.put(camera.id(), camera);
        if (starter != null) {
            if (before != null) {
                stop(camera.id());
            }
            start(camera);
        }
    }

    void removeCamera(Camera camera) {
        if (cameras.remove(camera.id(), camera)) {
            stop(camera.id());
        }
    }

    void addDetector(MotionDetector detector) {
        detectors.put(detector.cameraId(), detector);
        catchUpMotion(detector.cameraId());
    }

    void removeDetector(MotionDetector detector) {
        detectors.remove(detector.cameraId(), detector);
    }

    /** Motion started or ended, or the camera failed or stopped: the camera's worker hears of it. */
    void route(Event event) {
        Object camera = event.getProperty(EventProperties.CAMERA);
        CameraWorker worker = camera == null ? null : CameraSlot.workerOf(slots.get(camera.toString()));
        if (worker == null) {
            return;
        }
        switch (event.getTopic()) {
            case Topics.MOTION_STARTED -> {
                Instant at = instant(event.getProperty(EventProperties.TIMESTAMP));
                worker.post(recorder -> recorder.motionStarted(at));
            }
            case Topics.MOTION_ENDED -> {
                Instant at = instant(event.getProperty(EventProperties.TIMESTAMP));
                worker.post(recorder -> recorder.motionEnded(at));
            }
            case Topics.CAMERA_STATE -> {
                Object state = event.getProperty(EventProperties.STATE);
                if (CameraState.ERROR.name().equals(state) || CameraState.STOPPED.name().equals(state)) {
                    String why = "camera " + String.valueOf(state).toLowerCase(Locale.ROOT);
                    worker.post(recorder -> recorder.cameraGone(why));
                }
            }
            default -> {
                // Not a topic the recorder subscribes to.
            }
        }
    }

    /** Runs {@code event} on every camera's worker (a tick, new settings, storage held or let go). */
    void toEach(Consumer<CameraRecorder> event) {
        slots.values().forEach(slot -> slot.worker().post(event));
    }

    /** The worker of a camera being recorded. */
    CameraWorker worker(String cameraId) {
        CameraWorker worker = CameraSlot.workerOf(slots.get(cameraId));
        if (worker == null) {
            throw new IllegalArgumentException("no camera '" + cameraId + "'");
        }
        return worker;
    }

    /** Whether a worker is writing this clip now: leftovers are recovered, that one is not. */
    boolean writing(ClipFiles files) {
        CameraWorker worker = CameraSlot.workerOf(slots.get(files.cameraId()));
        return worker != null && worker.recorder().writing(files);
    }

    /** Guarded by this: a camera may arrive while the recorder opens. */
    private synchronized void start(Camera camera) {
        String id = camera.id();
        SlotStarter slotStarter = starter;
        if (slots.containsKey(id) || slotStarter == null) {
            return;
        }
        slots.put(id, slotStarter.start(camera, () -> {
            MotionDetector detector = detectors.get(id);
            return detector == null ? 0 : detector.status().score();
        }));
        catchUpMotion(id);
    }

    private synchronized void stop(String id) {
        CameraSlot slot = slots.remove(id);
        if (slot != null) {
            slot.stop(stopMillis);
        }
    }

    /**
     * Motion that started before this camera's worker or detector was known (the recorder came up
     * later, so it missed the STARTED event) is recorded too. The worker asks the detector when it
     * gets to it, so an ENDED event queued before is not undone.
     */
    private void catchUpMotion(String id) {
        CameraWorker worker = CameraSlot.workerOf(slots.get(id));
        if (worker != null) {
            worker.post(recorder -> {
                MotionDetector detector = detectors.get(id);
                if (!recorder.inMotion() && detector != null && detector.status().motion()) {
                    recorder.motionStarted(clock.instant());
                }
            });
        }
    }

    private static Instant instant(@Nullable Object epochMillis) {
        return epochMillis instanceof Number number ? Instant.ofEpochMilli(number.longValue()) : Instant.now();
    }
}
