package nightjar.api.stream;

import org.osgi.annotation.versioning.ConsumerType;

import nightjar.api.camera.Camera;
import nightjar.api.camera.FrameListener;
import nightjar.api.camera.Subscription;

/**
 * Pictures a bundle derives from a camera's (the motion detector's view of it, say), offered as JPEG
 * frames to subscribers the way a {@link Camera} offers its own. The stream bundle serves each one as
 * an MJPEG stream at {@code /cameras/<camera.id>/<picture.name>.mjpg}, with the same limits as the
 * camera's stream, to administrators only.
 *
 * <p>Registered with the service properties {@value #CAMERA_PROPERTY} (the camera the pictures are
 * made from) and {@value #NAME_PROPERTY} (what they are: a name of 1 to 32 lowercase letters, digits
 * or '-', unique per camera, and not {@code stream} or {@code snapshot}).
 */
@ConsumerType
public interface PictureSource {
    /** Service property: the id of the camera the pictures are made from. */
    String CAMERA_PROPERTY = Camera.ID_PROPERTY;
    /** Service property: what the pictures are; the last part of their URL. */
    String NAME_PROPERTY = "picture.name";

    /**
     * Delivers every picture from now on to the listener, as {@link Camera#subscribe} does: never
     * concurrently for one subscription, skipping pictures the listener is too slow for. The source
     * may make pictures only while someone subscribes.
     */
    Subscription subscribe(FrameListener listener);
}
