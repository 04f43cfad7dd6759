package nightjar.web.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import nightjar.api.camera.Camera;
import nightjar.api.illumination.Illumination;
import nightjar.api.motion.MotionDetector;
import nightjar.api.recording.Recorder;
import nightjar.api.recording.RecordingIndex;
import nightjar.api.stream.StreamViewers;

/**
 * The appliance's services as they come and go, for the web API and the metrics: cameras and
 * motion detectors by camera id, and the recorder, the recordings index and the illumination when
 * their bundles run (each may be absent).
 */
@Component(service = LiveServices.class)
public final class LiveServices {
    private final Map<String, Camera> cameras = new ConcurrentHashMap<>();
    private final Map<String, MotionDetector> detectors = new ConcurrentHashMap<>();
    private volatile @Nullable Recorder recorder;
    private volatile @Nullable RecordingIndex index;
    private volatile @Nullable Illumination illumination;
    private volatile @Nullable StreamViewers viewers;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCamera(Camera camera) {
        cameras.put(camera.id(), camera);
    }

    void removeCamera(Camera camera) {
        cameras.remove(camera.id(), camera);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDetector(MotionDetector detector) {
        detectors.put(detector.cameraId(), detector);
    }

    void removeDetector(MotionDetector detector) {
        detectors.remove(detector.cameraId(), detector);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setRecorder(Recorder recorder) {
        this.recorder = recorder;
    }

    void unsetRecorder(Recorder gone) {
        if (recorder == gone) {
            recorder = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setIndex(RecordingIndex index) {
        this.index = index;
    }

    void unsetIndex(RecordingIndex gone) {
        if (index == gone) {
            index = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setIllumination(Illumination illumination) {
        this.illumination = illumination;
    }

    void unsetIllumination(Illumination gone) {
        if (illumination == gone) {
            illumination = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setViewers(StreamViewers viewers) {
        this.viewers = viewers;
    }

    void unsetViewers(StreamViewers gone) {
        if (viewers == gone) {
            viewers = null;
        }
    }

    /** The cameras, by id. */
    List<Camera> cameras() {
        List<Camera> sorted = new ArrayList<>(cameras.values());
        sorted.sort(Comparator.comparing(Camera::id));
        return sorted;
    }

    boolean hasCamera(String id) {
        return cameras.containsKey(id);
    }

    @Nullable MotionDetector detector(String cameraId) {
        return detectors.get(cameraId);
    }

    @Nullable Recorder recorder() {
        return recorder;
    }

    @Nullable RecordingIndex index() {
        return index;
    }

    @Nullable Illumination illumination() {
        return illumination;
    }

    @Nullable StreamViewers viewers() {
        return viewers;
    }
}
