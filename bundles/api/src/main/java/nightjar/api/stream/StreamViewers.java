package nightjar.api.stream;

import org.osgi.annotation.versioning.ProviderType;

/** The MJPEG streams being served now, registered by the stream bundle. */
@ProviderType
public interface StreamViewers {
    /** Clients streaming the camera's MJPEG now (snapshots are not counted). */
    int viewers(String cameraId);
}
