package nightjar.api.recording;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Records cameras to Ogg/Theora clips: on motion (with pre- and post-roll), continuously in
 * segments, and by hand. One service for every camera; it posts {@code nightjar/recording/STARTED}
 * and {@code STOPPED} events.
 */
@ProviderType
public interface Recorder {
    /**
     * Starts a manual recording of the camera (MQTT's {@code recording/set ON}, the web UI's
     * "record now"); it lasts until {@link #stopManual} or the maximum clip length, and a motion clip
     * already in progress goes on as part of it. Does nothing when a manual recording is running.
     *
     * @throws IllegalArgumentException when there is no such camera
     */
    void startManual(String cameraId);

    /** Ends a manual recording; a clip still wanted by motion or continuous recording goes on. */
    void stopManual(String cameraId);

    /** @throws IllegalArgumentException when there is no such camera */
    RecordingStatus status(String cameraId);

    /** The file system the recordings are written to. */
    StorageStatus storage();
}
