package nightjar.recorder.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;

import nightjar.api.camera.Camera;
import nightjar.api.camera.CameraState;
import nightjar.api.event.EventProperties;
import nightjar.api.event.Topics;
import nightjar.api.motion.MotionDetector;
import nightjar.api.motion.MotionStatus;

/** The recorder's cameras with real workers and recorders, without a framework: what reaches which worker. */
class RecordingCamerasTest {
    private static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");

    @TempDir
    Path directory;
    private final RecordingCameras cameras = new RecordingCameras(Clock.fixed(NOW, ZoneOffset.UTC), 5_000);
    /** The slots started, as "start front" and "release front", in order. */
    private final List<String> steps = new ArrayList<>();

    @AfterEach
    void close() {
        cameras.close();
    }

    private void open() {
        RecorderSettings settings = Recorders.settings(directory);
        cameras.open((camera, motionScore) -> {
            steps.add("start " + camera.id());
            CameraWorker worker = new CameraWorker(
                    new CameraRecorder(camera.id(), settings, ZoneOffset.UTC, () -> 10, new Recorders.Log()),
                    motionScore);
            worker.start();
            return new CameraSlot(worker, () -> steps.add("release " + camera.id()));
        });
    }

    /** The camera's recorder once its worker has done everything posted before. */
    private CameraRecorder settled(String cameraId) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        CameraWorker worker = cameras.worker(cameraId);
        worker.post(recorder -> done.countDown());
        assertTrue(done.await(10, TimeUnit.SECONDS), "the worker of " + cameraId + " is stuck");
        return worker.recorder();
    }

    private static Event event(String topic, Map<String, Object> properties) {
        return new Event(topic, properties);
    }

    @Test
    void camerasKnownBeforeOpeningStartWhenItOpensAndNotBefore() {
        cameras.addCamera(camera("front"));
        assertEquals(List.of(), steps);
        assertThrows(IllegalArgumentException.class, () -> cameras.worker("front"));
        open();
        cameras.addCamera(camera("back"));
        assertEquals(List.of("start front", "start back"), steps);
    }

    @Test
    void motionThatBeganBeforeTheRecorderKnewTheCameraIsRecordedToo() throws Exception {
        cameras.addDetector(new Detector("front", true));
        cameras.addDetector(new Detector("back", false));
        cameras.addCamera(camera("front"));
        cameras.addCamera(camera("back"));
        open();
        assertTrue(settled("front").inMotion());
        assertFalse(settled("back").inMotion());
    }

    @Test
    void motionEventsReachTheirCamerasWorkerOnly() throws Exception {
        open();
        cameras.addCamera(camera("front"));
        cameras.addCamera(camera("back"));
        cameras.route(event(Topics.MOTION_STARTED,
                Map.of(EventProperties.CAMERA, "front", EventProperties.TIMESTAMP, NOW.toEpochMilli())));
        cameras.route(event(Topics.MOTION_STARTED, Map.of(EventProperties.CAMERA, "elsewhere")));
        assertTrue(settled("front").inMotion());
        assertFalse(settled("back").inMotion());
        cameras.route(event(Topics.MOTION_ENDED,
                Map.of(EventProperties.CAMERA, "front", EventProperties.TIMESTAMP, NOW.toEpochMilli() + 1)));
        assertFalse(settled("front").inMotion());
    }

    @Test
    void aCameraThatStopsEndsItsClipAndOneThatStreamsDoesNot() throws Exception {
        open();
        cameras.addCamera(camera("front"));
        TestFrames frames = new TestFrames(10);
        cameras.toEach(recorder -> {
            recorder.motionStarted(TestFrames.time(0));
            recorder.frame(frames.frame(0), 0.5, 0);
        });
        cameras.route(event(Topics.CAMERA_STATE,
                Map.of(EventProperties.CAMERA, "front", EventProperties.STATE, CameraState.STREAMING.name())));
        assertTrue(settled("front").status().recording());
        cameras.route(event(Topics.CAMERA_STATE,
                Map.of(EventProperties.CAMERA, "front", EventProperties.STATE, CameraState.STOPPED.name())));
        assertFalse(settled("front").status().recording());
    }

    @Test
    void aReplacedCameraGetsANewSlotAndARemovedOneLosesIts() {
        open();
        Camera first = camera("front");
        cameras.addCamera(first);
        Camera second = camera("front");
        cameras.addCamera(second);
        // The first one's going comes after the second one's arrival: it takes nothing away.
        cameras.removeCamera(first);
        assertEquals(List.of("start front", "release front", "start front"), steps);
        cameras.removeCamera(second);
        assertEquals(List.of("start front", "release front", "start front", "release front"), steps);
        assertThrows(IllegalArgumentException.class, () -> cameras.worker("front"));
    }

    @Test
    void closingReleasesEverySlotAndCamerasThatComeLaterWait() {
        open();
        cameras.addCamera(camera("front"));
        cameras.close();
        cameras.addCamera(camera("back"));
        assertEquals(List.of("start front", "release front"), steps);
    }

    /** A camera that only has an id, equal only to itself (two of one id are two services); nothing here subscribes. */
    private static Camera camera(String id) {
        return (Camera) Proxy.newProxyInstance(RecordingCamerasTest.class.getClassLoader(), new Class<?>[] {Camera.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "id" -> id;
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private record Detector(String cameraId, boolean motion) implements MotionDetector {
        @Override
        public void setDetecting(boolean detecting) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MotionStatus status() {
            return new MotionStatus(true, motion, motion ? 0.5 : 0, 1);
        }
    }
}
