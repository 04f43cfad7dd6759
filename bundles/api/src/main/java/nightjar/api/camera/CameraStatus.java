package nightjar.api.camera;

import java.util.Objects;

/**
 * A camera's state at one moment.
 *
 * @param state where the camera is in its life
 * @param message a human-readable explanation, empty when there is nothing to say
 * @param width width of the frames now delivered (the configured width before the first frame)
 * @param height height of the frames now delivered (the configured height before the first frame)
 * @param fps frames per second measured over the last seconds, 0 when not streaming
 */
public record CameraStatus(CameraState state, String message, int width, int height, double fps) {
    public CameraStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(message, "message");
    }
}
