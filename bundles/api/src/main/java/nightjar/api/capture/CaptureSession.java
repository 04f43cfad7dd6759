package nightjar.api.capture;

import java.util.Map;

/** One running capture; it delivers frames on a thread of its own until closed. */
public interface CaptureSession extends AutoCloseable {
    /**
     * Applies new camera control values (see {@link CaptureSettings#controls()}) without restarting
     * the capture. Returns at once; the capture thread applies them between frames.
     */
    void controls(Map<String, String> controls);

    /** Stops capturing, releases the device and waits briefly for the capture thread to end. */
    @Override
    void close();
}
