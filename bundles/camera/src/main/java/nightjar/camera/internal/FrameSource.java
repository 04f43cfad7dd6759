package nightjar.camera.internal;

/** Produces a camera's frames on a thread of its own until closed. */
interface FrameSource extends AutoCloseable {
    /** Starts producing; returns at once. */
    void start();

    /** Stops producing and waits briefly for the source's thread to end. */
    @Override
    void close();
}
