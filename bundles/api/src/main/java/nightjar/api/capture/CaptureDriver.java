package nightjar.api.capture;

import org.jspecify.annotations.Nullable;

/** Captures pictures from devices attached to this machine. */
public interface CaptureDriver {
    /** The device that {@code auto} would capture from now, or null when there is none. */
    @Nullable
    String autoDevice();

    /**
     * Starts capturing on a thread of the driver's own and returns at once. Problems (no device,
     * busy, unplugged) are reported to the sink as states, and the capture keeps trying until closed.
     *
     * @param name the camera's id, for thread names and messages
     */
    CaptureSession start(String name, CaptureSettings settings, FrameSink sink);
}
