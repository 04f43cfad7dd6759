package nightjar.mqtt.testing;

import java.util.HashMap;
import java.util.Map;

import nightjar.api.recording.Recorder;
import nightjar.api.recording.RecordingStatus;
import nightjar.api.recording.StorageStatus;

/** A recorder double that only keeps the manual switch per camera, and 5 GiB free of 10. */
public final class ManualRecorder implements Recorder {
    private final Map<String, Boolean> manual = new HashMap<>();

    @Override
    public synchronized void startManual(String cameraId) {
        manual.put(cameraId, true);
    }

    @Override
    public synchronized void stopManual(String cameraId) {
        manual.put(cameraId, false);
    }

    /** Whether a manual recording of the camera is on; null before the first command. */
    public synchronized Boolean manual(String cameraId) {
        return manual.get(cameraId);
    }

    @Override
    public synchronized RecordingStatus status(String cameraId) {
        boolean on = manual.getOrDefault(cameraId, false);
        return new RecordingStatus(cameraId, on, on, on ? "manual" : null, null, 0, "");
    }

    @Override
    public StorageStatus storage() {
        return new StorageStatus("/recordings", 5L << 30, 10L << 30, 0, false);
    }
}
