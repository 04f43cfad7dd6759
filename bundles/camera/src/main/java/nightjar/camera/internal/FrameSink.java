package nightjar.camera.internal;

import nightjar.api.camera.CameraState;

/** Where a source hands what it captures. Called on the source's own thread. */
interface FrameSink {
    /** A new picture; the sink owns the array from now on. */
    void frame(int width, int height, byte[] jpeg);

    /** The source's state changed (never called with STREAMING: the first frame says that). */
    void state(CameraState state, String message);
}
