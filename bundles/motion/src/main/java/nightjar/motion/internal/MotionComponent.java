package nightjar.motion.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
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
    private @Nullable MotionEvents events;

    @Activate
    void activate(BundleContext context, MotionConfig config, Map<String, Object> properties) {
        // The factory configuration's name: nightjar.motion~front watches camera front.
        cameraId = CameraIds.fromConfiguration(PID, String.valueOf(properties.get("service.pid")));
        events = new MotionEvents(cameraId, () -> eventAdmin);
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
                events().unreadable(frame, e);
                change = current.unreadable(frame.captureNanos());
                watched = false;
            }
            events().memory(current);
            if (watched) {
                view.publish(new TuningPicture(copy(frame),
                        TuningPicture.Findings.of(current.model()),
                        TuningPicture.caption(current.model(), current.inEvent())), frame);
            }
            switch (change) {
                case STARTED -> events().started(current, frame);
                case ENDED -> events().ended(current, frame.captureNanos(), frame.wallClock(),
                        "no motion for the event gap");
                case NONE -> { }
            }
        }
    }

    /** Ends an event in progress without a frame to time it by. */
    private void endEvent(String reason) {
        CameraDetector current = detector;
        if (current != null && current.end()) {
            events().ended(current, System.nanoTime(), Instant.now(), reason);
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

    private MotionEvents events() {
        MotionEvents current = events;
        if (current == null) {
            throw new IllegalStateException("motion detection for " + cameraId + " is not active");
        }
        return current;
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
}
