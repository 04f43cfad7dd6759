package nightjar.api.camera;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A source of JPEG frames, registered once per configured camera with the service property
 * {@value #ID_PROPERTY} set to its id.
 */
@ProviderType
public interface Camera {
    /** Service property holding the camera id; use it in reference targets. */
    String ID_PROPERTY = "camera.id";

    /** The id used in URLs, topics and file names: the configuration's factory name. */
    String id();

    /** A name for people. */
    String name();

    CameraStatus status();

    /** The newest frame, or null before the first one. */
    @Nullable
    Frame latestFrame();

    /**
     * Delivers every frame from now on to the listener, skipping frames it is too slow for.
     * The camera's capture never waits for a listener.
     */
    Subscription subscribe(FrameListener listener);
}
