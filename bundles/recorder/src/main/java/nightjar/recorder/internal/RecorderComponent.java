package nightjar.recorder.internal;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.appliance.Appliance;
import nightjar.api.camera.Camera;
import nightjar.api.event.Topics;
import nightjar.api.motion.MotionDetector;
import nightjar.api.recording.Clip;
import nightjar.api.recording.Recorder;
import nightjar.api.recording.RecordingIndex;
import nightjar.api.recording.RecordingStatus;
import nightjar.api.recording.StorageStatus;
import nightjar.tasks.Threads;

/**
 * The recorder ({@code nightjar.recorder}): its life and its services. A worker per camera (see
 * {@link CameraRecorder}) with the recordings servlet per camera, and the events routed to them, are
 * {@link RecordingCameras}. The component has one scheduler of its own for the storage: free space
 * every few seconds, retention every minute and after every clip, recovery of clips cut off by a crash
 * at start.
 */
// Immediate: it records whether or not anyone uses its services (a delayed component would stop with its last user).
@Component(configurationPid = RecorderComponent.PID, immediate = true,
        service = {Recorder.class, RecordingIndex.class, EventHandler.class},
        property = {EventConstants.EVENT_TOPIC + "=" + Topics.MOTION_STARTED,
                EventConstants.EVENT_TOPIC + "=" + Topics.MOTION_ENDED,
                EventConstants.EVENT_TOPIC + "=" + Topics.CAMERA_STATE})
@Designate(ocd = RecorderConfig.class)
public final class RecorderComponent implements Recorder, RecordingIndex, EventHandler {
    static final String PID = "nightjar.recorder";
    private static final Logger LOG = LoggerFactory.getLogger(RecorderComponent.class);
    private static final long STOP_MILLIS = 5_000;
    private static final long RETENTION_SECONDS = 60;

    private final Clock clock = Clock.systemDefaultZone();
    private final RecordingCameras cameras = new RecordingCameras(clock, STOP_MILLIS);
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile @Nullable EventAdmin eventAdmin;
    /** Where relative recording directories start: {@link Appliance#homeDirectory()}. */
    @Reference
    private Appliance appliance;
    private Path home = Path.of("");
    private volatile RecorderSettings settings;
    private volatile RecordingStore store;
    private volatile @Nullable Storage storage;
    private @Nullable ScheduledExecutorService scheduler;

    @Activate
    void activate(BundleContext bundleContext, RecorderConfig config) {
        home = appliance.homeDirectory();
        settings = RecorderSettings.of(config, home);
        store = new RecordingStore(settings.directory(), clock.getZone());
        ScheduledExecutorService owned = Threads.scheduler("nightjar-recorder-storage");
        scheduler = owned;
        Storage watcher = new Storage(settings, store, clock, cameras::writing, this::storageChanged, this::post);
        storage = watcher;
        cameras.open((camera, motionScore) -> startCamera(bundleContext, camera, motionScore));
        owned.execute(watcher::recoverLeftovers);
        owned.scheduleWithFixedDelay(watcher::check, 0, Storage.CHECK_SECONDS, TimeUnit.SECONDS);
        owned.scheduleWithFixedDelay(watcher::applyRetention, RETENTION_SECONDS, RETENTION_SECONDS, TimeUnit.SECONDS);
        owned.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        LOG.info("Recording to {} (pre-roll {} s, post-roll {} s{})", settings.directory(),
                settings.preRollNanos() / 1e9, settings.postRollNanos() / 1e9,
                settings.continuousCameras().isEmpty() ? "" : ", continuous: " + settings.continuousCameras());
    }

    @Modified
    void modified(RecorderConfig config) {
        RecorderSettings changed;
        try {
            changed = RecorderSettings.of(config, home);
        } catch (IllegalArgumentException e) {
            // Declarative Services would keep the old instance and call the new values in force.
            LOG.warn("Recorder configuration refused, the previous one stays in force: {}", e.getMessage());
            return;
        }
        RecorderSettings before = settings;
        settings = changed;
        if (!changed.directory().equals(before.directory())) {
            store = new RecordingStore(changed.directory(), clock.getZone());
        }
        Storage watcher = storage;
        if (watcher != null) {
            watcher.settings(changed, store);
        }
        cameras.toEach(recorder -> recorder.settings(changed));
        ScheduledExecutorService owned = scheduler;
        if (owned != null && watcher != null) {
            owned.execute(watcher::check);
            owned.execute(watcher::applyRetention);
        }
        LOG.info("Recorder configuration changed; recording to {}", changed.directory());
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        cameras.close();
        ScheduledExecutorService owned = scheduler;
        if (owned != null) {
            Threads.stopNow(owned, Duration.ofMillis(STOP_MILLIS));
        }
        scheduler = null;
        storage = null;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCamera(Camera camera) {
        cameras.addCamera(camera);
    }

    void removeCamera(Camera camera) {
        cameras.removeCamera(camera);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDetector(MotionDetector detector) {
        cameras.addDetector(detector);
    }

    void removeDetector(MotionDetector detector) {
        cameras.removeDetector(detector);
    }

    @Override
    public void handleEvent(Event event) {
        cameras.route(event);
    }

    @Override
    public void startManual(String cameraId) {
        cameras.worker(cameraId).post(recorder -> recorder.manual(true));
        LOG.info("Manual recording of camera {} started", cameraId);
    }

    @Override
    public void stopManual(String cameraId) {
        cameras.worker(cameraId).post(recorder -> recorder.manual(false));
        LOG.info("Manual recording of camera {} stopped", cameraId);
    }

    @Override
    public RecordingStatus status(String cameraId) {
        return cameras.worker(cameraId).recorder().status();
    }

    @Override
    public StorageStatus storage() {
        Storage watcher = storage;
        if (watcher == null) {
            throw new IllegalStateException("the recorder is stopped");
        }
        return watcher.status();
    }

    @Override
    public List<Clip> clips(String cameraId, Instant from, Instant to) {
        return store.clips(cameraId, from, to);
    }

    @Override
    public Optional<Clip> find(String cameraId, String name) {
        return store.find(cameraId, name);
    }

    @Override
    public SeekableByteChannel openVideo(Clip clip) throws IOException {
        return store.openVideo(clip);
    }

    @Override
    public SeekableByteChannel openPoster(Clip clip) throws IOException {
        return store.openPoster(clip);
    }

    @Override
    public boolean delete(String cameraId, String name) throws IOException {
        return store.delete(cameraId, name);
    }

    /** What the recorder runs for a camera: a worker with its clips' events, and the camera's recordings servlet. */
    private CameraSlot startCamera(BundleContext context, Camera camera, DoubleSupplier motionScore) {
        String id = camera.id();
        CameraRecorder recorder = new CameraRecorder(id, settings, clock.getZone(),
                () -> (int) Math.round(camera.status().fps()),
                new ClipEvents(id, this::post, this::afterClip, this::writeFailed));
        CameraWorker worker = new CameraWorker(recorder, motionScore);
        Storage watcher = storage;
        if (watcher != null && watcher.held()) {
            String why = watcher.status().low() ? "storage low" : "storage unavailable";
            worker.post(r -> r.hold(true, why));
        }
        return CameraSlot.start(context, camera, worker, new RecordingsServlet(id, () -> store, clock.getZone()));
    }

    private void tick() {
        Instant now = clock.instant();
        cameras.toEach(recorder -> recorder.tick(now));
    }

    /** A clip was closed: retention may make room now rather than within the minute. */
    private void afterClip() {
        Storage watcher = storage;
        ScheduledExecutorService owned = scheduler;
        if (watcher != null && owned != null && !owned.isShutdown()) {
            owned.execute(watcher::applyRetention);
        }
    }

    private void writeFailed(String cameraId, IOException cause) {
        Storage watcher = storage;
        if (watcher != null) {
            watcher.writeFailed(cameraId, cause);
        }
    }

    /** The storage watcher held recording back or let it go on. */
    private void storageChanged(boolean held, String why) {
        cameras.toEach(recorder -> recorder.hold(held, why));
    }

    private void post(String topic, Map<String, Object> properties) {
        EventAdmin admin = eventAdmin;
        if (admin != null) {
            admin.postEvent(new Event(topic, properties));
        }
    }
}
