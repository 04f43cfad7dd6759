package nightjar.onvif.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Whether each camera sees motion now, as the motion bundle's events last said (no event: no motion). */
final class MotionStates {
    private final Map<String, Boolean> moving = new ConcurrentHashMap<>();

    void set(String cameraId, boolean motion) {
        moving.put(cameraId, motion);
    }

    boolean motion(String cameraId) {
        return moving.getOrDefault(cameraId, false);
    }

    void forget(String cameraId) {
        moving.remove(cameraId);
    }
}
