package nightjar.api.capture;

import nightjar.api.camera.CameraState;

/** Where a capture hands what it produces. Called on the capture's own thread. */
public interface FrameSink {
    /** A new picture; the sink owns the array from now on. */
    void frame(int width, int height, byte[] jpeg);

    /** The capture's state changed (never called with STREAMING: the first frame says that). */
    void state(CameraState state, String message);
}
