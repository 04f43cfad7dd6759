package nightjar.motion.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
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

import com.google.gson.stream.JsonWriter;

import nightjar.api.camera.Camera;
import nightjar.api.camera.CameraIds;
import nightjar.api.camera.CameraState;
import nightjar.api.camera.Frame;
import nightjar.api.camera.Subscription;
import nightjar.api.event.EventProperties;
import nightjar.api.event.Topics;
import nightjar.api.motion.MotionDetector;
import nightjar.api.motion.MotionStatus;
import nightjar.api.stream.PictureSource;
import nightjar.codec.frame.FrameForms;
import nightjar.codec.jpeg.JpegException;

/**
 * The motion detector of one camera ({@code nightjar.motion~<camera id>}): subscribes to the camera's
 * frames like any consumer, analyses them at the configured rate on the camera's delivery thread
 * (a millisecond or so, so it never holds up the camera), posts STARTED and ENDED, and offers the
 * tuning view as a picture source (the stream bundle serves it). The services are registered by hand,
 * with the camera's id as a property.
 */
@Component(configurationPid = MotionComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = MotionConfig.class, factory = true)
public final class MotionComponent implements MotionDetector {
    static final String PID = "nightjar.motion";
    private static final Logger LOG = LoggerFactory.getLogger(MotionComponent.class);
    /** How long the background is re-learnt after the illumination announces a change. */
    private static final long ILLUMINATION_RELEARN_NANOS = 3_000_000_000L;
    private static final long UNREADABLE_REPORT_NANOS = 60_000_000_000L;

    private final Object lock = new Object();
    private final Set<Camera> cameras = ConcurrentHashMap.newKeySet();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile @Nullable EventAdmin eventAdmin;
    private volatile boolean detecting;
    // Set in activate.
    private String cameraId = "";
    private @Nullable MotionSettings settings;
    private @Nullable TuningSource tuning;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    // Guarded by lock.
    private @Nullable CameraDetector detector;
    private @Nullable Camera camera;
    private @Nullable Subscription subscription;
    private boolean active;
    private long unreadableFrames;
    /** The picture size (in blocks) whose memory was last logged. */
    private int loggedCells = -1;
    private long lastUnreadableReport = Long.MIN_VALUE;

    @Activate
    void activate(BundleContext context, MotionConfig config, Map<String, Object> properties) {
        // The factory configuration's name: nightjar.motion~front watches camera front.
        cameraId = CameraIds.fromConfiguration(PID, String.valueOf(properties.get("service.pid")));
        MotionSettings checked = MotionSettings.of(config);
        settings = checked;
        TuningSource view = new TuningSource(cameraId);
        tuning = view;
        synchronized (lock) {
            detector = new CameraDetector(checked);
            detecting = checked.enabled();
            active = true;
            cameras.stream().filter(c -> c.id().equals(cameraId)).findFirst().ifPresent(this::watch);
        }
        registrations.add(context.registerService(MotionDetector.class, this, cameraProperty()));

        Dictionary<String, Object> handler = cameraProperty();
        handler.put(EventConstants.EVENT_TOPIC, new String[] {Topics.ILLUMINATION_CHANGED, Topics.CAMERA_STATE});
        registrations.add(context.registerService(EventHandler.class, this::handleEvent, handler));

        Dictionary<String, Object> picture = cameraProperty();
        picture.put(PictureSource.NAME_PROPERTY, TuningSource.NAME);
        registrations.add(context.registerService(PictureSource.class, view, picture));
        LOG.info("Motion detection for camera {} is {}, analysing {} frames per second", cameraId,
                detecting ? "on" : "off (enabled = false)", String.format(Locale.ROOT, "%.1f", config.analysisFps()));
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
        TuningSource view = tuning;
        tuning = null;
        if (view != null) {
            view.close();
        }
        synchronized (lock) {
            active = false;
            unwatch("detection stopped");
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCamera(Camera added) {
        cameras.add(added);
        synchronized (lock) {
            if (active && added.id().equals(cameraId)) {
                unwatch("camera replaced");
                watch(added);
            }
        }
    }

    void removeCamera(Camera removed) {
        cameras.remove(removed);
        synchronized (lock) {
            if (camera == removed) {
                unwatch("camera gone");
            }
        }
    }

    @Override
    public String cameraId() {
        return cameraId;
    }

    @Override
    public void setDetecting(boolean on) {
        synchronized (lock) {
            if (on == detecting) {
                return;
            }
            detecting = on;
            MotionSettings checked = settings;
            if (!on) {
                endEvent("detection switched off");
            } else if (checked != null) {
                // The old background is stale by now: learn it afresh.
                detector = new CameraDetector(checked);
            }
        }
        LOG.info("Motion detection for camera {} switched {}", cameraId, on ? "on" : "off");
    }

    @Override
    public MotionStatus status() {
        synchronized (lock) {
            CameraDetector current = detector;
            return current == null ? new MotionStatus(detecting, false, 0, 0, 0)
                    : new MotionStatus(detecting, current.inEvent(), current.model().score(), current.analysedFrames(),
                            current.memoryBytes());
        }
    }

    private void watch(Camera watched) {
        camera = watched;
        subscription = watched.subscribe(this::onFrame);
    }

    private void unwatch(String reason) {
        Subscription current = subscription;
        if (current != null) {
            current.close();
        }
        subscription = null;
        camera = null;
        endEvent(reason);
    }

    /** On the camera's delivery thread. */
    private void onFrame(Frame frame) {
        TuningSource view = tuning;
        boolean watched = view != null && view.watched();
        synchronized (lock) {
            CameraDetector current = detector;
            if (current == null || subscription == null) {
                return;
            }
            if (!detecting) {
                if (watched && current.due(frame.captureNanos())) {
                    view.publish(new TuningPicture(copy(frame), null, "detection is off"), frame);
                }
                return;
            }
            if (!current.due(frame.captureNanos())) {
                return;
            }
            CameraDetector.Change change;
            try {
                // The frame's own DC thumbnail (read once for all its consumers), from its bytes, not a copy.
                change = current.analyse(frame.jpeg(), () -> FrameForms.lumaThumbnail(frame), frame.captureNanos());
            } catch (JpegException e) {
                reportUnreadable(frame, e);
                change = current.unreadable(frame.captureNanos());
                watched = false;
            }
            reportMemory(current);
            if (watched) {
                view.publish(new TuningPicture(copy(frame),
                        TuningPicture.Findings.of(current.model()),
                        TuningPicture.caption(current.model(), current.inEvent())), frame);
            }
            switch (change) {
                case STARTED -> started(current, frame);
                case ENDED -> ended(current, frame.captureNanos(), frame.wallClock(), "no motion for the event gap");
                case NONE -> { }
            }
        }
    }

    private void started(CameraDetector current, Frame frame) {
        MotionModel model = current.model();
        Instant start = frame.wallClock().minusNanos(frame.captureNanos() - current.eventStartNanos());
        Map<String, Object> properties = new HashMap<>();
        properties.put(EventProperties.CAMERA, cameraId);
        properties.put(EventProperties.TIMESTAMP, start.toEpochMilli());
        properties.put(EventProperties.SCORE, current.startScore());
        properties.put(EventProperties.REGIONS, regionsJson(model));
        post(Topics.MOTION_STARTED, properties);
        LOG.info("Motion on camera {}: started ({} of the picture in {} region{})", cameraId,
                String.format(Locale.ROOT, "%.1f%%", current.startScore() * 100), model.regionCount(),
                model.regionCount() == 1 ? "" : "s");
    }

    private void ended(CameraDetector current, long nanos, Instant wallClock, String reason) {
        long durationMillis = Math.max(0, (nanos - current.eventStartNanos()) / 1_000_000);
        Map<String, Object> properties = new HashMap<>();
        properties.put(EventProperties.CAMERA, cameraId);
        properties.put(EventProperties.TIMESTAMP, wallClock.toEpochMilli());
        properties.put(EventProperties.DURATION, durationMillis);
        post(Topics.MOTION_ENDED, properties);
        LOG.info("Motion on camera {}: ended after {} ({})", cameraId,
                String.format(Locale.ROOT, "%.1f s", durationMillis / 1000.0), reason);
    }

    /** Ends an event in progress without a frame to time it by. */
    private void endEvent(String reason) {
        CameraDetector current = detector;
        if (current != null && current.end()) {
            ended(current, System.nanoTime(), Instant.now(), reason);
        }
    }

    private void handleEvent(Event event) {
        if (event.getTopic().equals(Topics.ILLUMINATION_CHANGED)) {
            synchronized (lock) {
                CameraDetector current = detector;
                if (current != null) {
                    current.relearnFor(System.nanoTime(), ILLUMINATION_RELEARN_NANOS);
                }
            }
            LOG.debug("Camera {}: illumination changes, re-learning the background", cameraId);
        } else if (cameraId.equals(event.getProperty(EventProperties.CAMERA))) {
            Object state = event.getProperty(EventProperties.STATE);
            if (CameraState.ERROR.name().equals(state) || CameraState.STOPPED.name().equals(state)) {
                synchronized (lock) {
                    endEvent("camera " + String.valueOf(state).toLowerCase(Locale.ROOT));
                }
            }
        }
    }

    /** Once per picture size: what the detector holds for it (it never grows beyond that). */
    private void reportMemory(CameraDetector current) {
        MotionModel model = current.model();
        int cells = model.width() * model.height();
        if (cells != loggedCells && cells > 0) {
            loggedCells = cells;
            LOG.info("Motion detection for camera {}: {}x{} blocks, {} KB", cameraId, model.width(), model.height(),
                    (current.memoryBytes() + 1023) / 1024);
        }
    }

    private void reportUnreadable(Frame frame, JpegException e) {
        unreadableFrames++;
        long now = frame.captureNanos();
        if (lastUnreadableReport == Long.MIN_VALUE || now - lastUnreadableReport >= UNREADABLE_REPORT_NANOS) {
            lastUnreadableReport = now;
            LOG.warn("Camera {}: {} frame{} could not be analysed so far, the last: {}", cameraId, unreadableFrames,
                    unreadableFrames == 1 ? "" : "s", e.getMessage());
        }
    }

    private void post(String topic, Map<String, Object> properties) {
        EventAdmin admin = eventAdmin;
        if (admin != null) {
            admin.postEvent(new Event(topic, properties));
        }
    }

    private Dictionary<String, Object> cameraProperty() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Camera.ID_PROPERTY, cameraId);
        return properties;
    }

    private static byte[] copy(Frame frame) {
        byte[] jpeg = new byte[frame.jpegLength()];
        frame.jpeg().get(jpeg);
        return jpeg;
    }

    /** The moving regions as JSON: boxes in picture coordinates from 0 to 1, four decimals each. */
    static String regionsJson(MotionModel model) {
        StringWriter text = new StringWriter();
        try (JsonWriter json = new JsonWriter(text)) {
            json.beginArray();
            for (int i = 0; i < model.regionCount(); i++) {
                double left = (double) model.region(i, 0) / model.width();
                double top = (double) model.region(i, 1) / model.height();
                double right = Math.min(1, (double) model.region(i, 2) / model.width());
                double bottom = Math.min(1, (double) model.region(i, 3) / model.height());
                json.beginObject().name("x").value(decimals(left)).name("y").value(decimals(top))
                        .name("width").value(decimals(right - left)).name("height").value(decimals(bottom - top))
                        .endObject();
            }
            json.endArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    private static BigDecimal decimals(double value) {
        return new BigDecimal(String.format(Locale.ROOT, "%.4f", value));
    }
}
