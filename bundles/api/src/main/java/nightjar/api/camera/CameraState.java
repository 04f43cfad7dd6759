package nightjar.api.camera;

/** Where a camera is in its life. */
public enum CameraState {
    /** Opening the device or connecting; no frames yet. */
    STARTING,
    /** Delivering frames. */
    STREAMING,
    /** Not delivering frames because of a fault; the message says which. It retries by itself. */
    ERROR,
    /** Shut down on purpose. */
    STOPPED
}
