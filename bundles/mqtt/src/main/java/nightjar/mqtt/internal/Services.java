package nightjar.mqtt.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import nightjar.api.appliance.Appliance;
import nightjar.api.camera.Camera;
import nightjar.api.illumination.Illumination;
import nightjar.api.motion.MotionDetector;
import nightjar.api.recording.Recorder;
import nightjar.api.stream.StreamViewers;

/** The services the bridge uses, each optional: bound by the component, read by the bridge. */
final class Services {
    final Map<String, Camera> cameras = new ConcurrentHashMap<>();
    final Map<String, MotionDetector> detectors = new ConcurrentHashMap<>();
    volatile @Nullable Recorder recorder;
    volatile @Nullable Illumination illumination;
    volatile @Nullable Appliance appliance;
    volatile @Nullable StreamViewers viewers;
}
