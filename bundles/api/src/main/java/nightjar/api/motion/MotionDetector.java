package nightjar.api.motion;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The motion detector of one camera, registered with the service property
 * {@value nightjar.api.camera.Camera#ID_PROPERTY} set to the camera's id. It posts
 * {@code nightjar/motion/STARTED} and {@code ENDED} events while detecting.
 */
@ProviderType
public interface MotionDetector {
    /** The id of the camera it watches. */
    String cameraId();

    /**
     * Switches detection on or off at run time (MQTT's {@code detect/set}, the web UI). Switching it
     * off ends an event in progress. The configuration's {@code enabled} is the state after a restart.
     */
    void setDetecting(boolean detecting);

    MotionStatus status();
}
