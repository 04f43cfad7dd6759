package nightjar.api.stream;

import org.osgi.annotation.versioning.ProviderType;

/** The MJPEG streams being served now, registered by the stream bundle. */
@ProviderType
public interface StreamViewers {
    /** Clients streaming the camera's MJPEG now (snapshots are not counted). */
    int viewers(String cameraId);

    /** Frames written to the camera's MJPEG viewers since the stream bundle started. */
    long framesDelivered(String cameraId);

    /**
     * Frames the camera's viewers skipped since the stream bundle started, because a newer frame
     * arrived before the network took the one waiting (frames left out by a viewer's {@code fps} cap
     * are not counted).
     */
    long framesDropped(String cameraId);
}
