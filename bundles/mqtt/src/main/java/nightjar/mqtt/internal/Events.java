package nightjar.mqtt.internal;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.osgi.service.event.Event;

import nightjar.api.camera.Camera;
import nightjar.api.camera.Frame;
import nightjar.api.event.EventProperties;
import nightjar.api.event.Topics;

/**
 * What an EventAdmin event means for the bridge, read on the event's thread (cheaply: at motion start
 * only the camera's latest frame reference is taken, the picture of that moment) and done on the
 * bridge's executor.
 */
final class Events {
    private Events() {
    }

    /** The bridge's work for the event, or null when it has none. */
    static @Nullable Consumer<Bridge> task(Event event, Services services) {
        Object camera = event.getProperty(EventProperties.CAMERA);
        String id = camera == null ? "" : camera.toString();
        return switch (event.getTopic()) {
            case Topics.MOTION_STARTED -> {
                Camera source = services.cameras.get(id);
                Frame frame = source == null ? null : source.latestFrame();
                long timestamp = number(event, EventProperties.TIMESTAMP).longValue();
                double score = number(event, EventProperties.SCORE).doubleValue();
                Object regions = event.getProperty(EventProperties.REGIONS);
                yield b -> b.motionStarted(id, timestamp, score, regions == null ? null : regions.toString(), frame);
            }
            case Topics.MOTION_ENDED -> {
                long timestamp = number(event, EventProperties.TIMESTAMP).longValue();
                long duration = number(event, EventProperties.DURATION).longValue();
                yield b -> b.motionEnded(id, timestamp, duration);
            }
            case Topics.RECORDING_STARTED, Topics.RECORDING_STOPPED -> {
                Object file = event.getProperty(EventProperties.FILE);
                boolean started = event.getTopic().equals(Topics.RECORDING_STARTED);
                yield b -> b.recording(id, file == null ? null : file.toString(), started);
            }
            case Topics.CAMERA_STATE -> b -> b.publishCameraState(id);
            // Its configuration is gone: its entities go (unless a camera of that id is back already).
            case Topics.CAMERA_REMOVED -> b -> {
                if (!services.cameras.containsKey(id)) {
                    b.cameraDeleted(id);
                }
            };
            case Topics.ILLUMINATION_CHANGED, Topics.STORAGE_LOW -> Bridge::publishDeviceState;
            default -> null;
        };
    }

    private static Number number(Event event, String key) {
        return event.getProperty(key) instanceof Number n ? n : Long.valueOf(0);
    }
}
