package nightjar.recorder.internal;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
import nightjar.api.camera.CameraState;
import nightjar.api.event.EventProperties;
import nightjar.api.event.Topics;
import nightjar.api.motion.MotionDetector;
import nightjar.api.recording.Clip;
import nightjar.api.recording.Recorder;
import nightjar.api.recording.RecordingIndex;
import nightjar.api.recording.RecordingStatus;
import nightjar.api.recording.StorageStatus;
import nightjar.tasks.Threads;

/**
 * The recorder ({@code nightjar.recorder}): a worker per camera (see {@link CameraRecorder}), motion
 * events routed to them, the recordings servlet per camera, and one scheduler of its own for the
 * storage: free space every few seconds, retention every minute and after every clip, recovery of
 * clips cut off by a crash at start.
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
    private final Map<String, Camera> cameras = new ConcurrentHashMap<>();
    private final Map<String, MotionDetector> detectors = new ConcurrentHashMap<>();
    private final Map<String, CameraSlot> slots = new ConcurrentHashMap<>();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile @Nullable EventAdmin eventAdmin;
    private volatile @Nullable BundleContext context;
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
        Storage watcher = new Storage(settings, store, clock, this::writing, this::storageChanged, this::post);
        storage = watcher;
        context = bundleContext;
        cameras.values().forEach(this::startCamera);
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
        slots.values().forEach(slot -> slot.worker().post(recorder -> recorder.settings(changed)));
        ScheduledExecutorService owned = scheduler;
        if (owned != null && watcher != null) {
            owned.execute(watcher::check);
            owned.execute(watcher::applyRetention);
        }
        LOG.info("Recorder configuration changed; recording to {}", changed.directory());
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        context = null;
        for (String id : List.copyOf(slots.keySet())) {
            stopCamera(id);
        }
        ScheduledExecutorService owned = scheduler;
        if (owned != null) {
            Threads.stopNow(owned, Duration.ofMillis(STOP_MILLIS));
        }
        scheduler = null;
        storage = null;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCamera(Camera camera) {
        Camera before = cameras.put(camera.id(), camera);
        if (context != null) {
            if (before != null) {
                stopCamera(camera.id());
            }
            startCamera(camera);
        }
    }

    void removeCamera(Camera camera) {
        if (cameras.remove(camera.id(), camera)) {
            stopCamera(camera.id());
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDetector(MotionDetector detector) {
        detectors.put(detector.cameraId(), detector);
        catchUpMotion(detector.cameraId());
    }

    void removeDetector(MotionDetector detector) {
        detectors.remove(detector.cameraId(), detector);
    }

    @Override
    public void handleEvent(Event event) {
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
            default -> {
                Object state = event.getProperty(EventProperties.STATE);
                if (CameraState.ERROR.name().equals(state) || CameraState.STOPPED.name().equals(state)) {
                    String why = "camera " + String.valueOf(state).toLowerCase(Locale.ROOT);
                    worker.post(recorder -> recorder.cameraGone(why));
                }
            }
        }
    }

    @Override
    public void startManual(String cameraId) {
        worker(cameraId).post(recorder -> recorder.manual(true));
        LOG.info("Manual recording of camera {} started", cameraId);
    }

    @Override
    public void stopManual(String cameraId) {
        worker(cameraId).post(recorder -> recorder.manual(false));
        LOG.info("Manual recording of camera {} stopped", cameraId);
    }

    @Override
    public RecordingStatus status(String cameraId) {
        return worker(cameraId).recorder().status();
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

    private CameraWorker worker(String cameraId) {
        CameraWorker worker = CameraSlot.workerOf(slots.get(cameraId));
        if (worker == null) {
            throw new IllegalArgumentException("no camera '" + cameraId + "'");
        }
        return worker;
    }

    /** Guarded by this: a camera may arrive while the component activates. */
    private synchronized void startCamera(Camera camera) {
        String id = camera.id();
        BundleContext bundleContext = context;
        if (slots.containsKey(id) || bundleContext == null) {
            return;
        }
        CameraRecorder recorder = new CameraRecorder(id, settings, clock.getZone(),
                () -> (int) Math.round(camera.status().fps()),
                new ClipEvents(id, this::post, this::afterClip, this::writeFailed));
        CameraWorker worker = new CameraWorker(recorder, () -> {
            MotionDetector detector = detectors.get(id);
            return detector == null ? 0 : detector.status().score();
        });
        Storage watcher = storage;
        if (watcher != null && watcher.held()) {
            String why = watcher.status().low() ? "storage low" : "storage unavailable";
            worker.post(r -> r.hold(true, why));
        }
        slots.put(id, CameraSlot.start(bundleContext, camera, worker,
                new RecordingsServlet(id, () -> store, clock.getZone())));
        catchUpMotion(id);
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

    private synchronized void stopCamera(String id) {
        CameraSlot slot = slots.remove(id);
        if (slot != null) {
            slot.stop(STOP_MILLIS);
        }
    }

    /** Whether a worker is writing this clip now: leftovers are recovered, that one is not. */
    private boolean writing(ClipFiles files) {
        CameraWorker worker = CameraSlot.workerOf(slots.get(files.cameraId()));
        return worker != null && worker.recorder().writing(files);
    }

    private void tick() {
        Instant now = clock.instant();
        slots.values().forEach(slot -> slot.worker().post(recorder -> recorder.tick(now)));
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
        slots.values().forEach(slot -> slot.worker().post(recorder -> recorder.hold(held, why)));
    }

    private void post(String topic, Map<String, Object> properties) {
        EventAdmin admin = eventAdmin;
        if (admin != null) {
            admin.postEvent(new Event(topic, properties));
        }
    }

    private static Instant instant(@Nullable Object epochMillis) {
        return epochMillis instanceof Number number ? Instant.ofEpochMilli(number.longValue()) : Instant.now();
    }
}
