package nightjar.api.camera;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the frames of a camera it subscribed to.
 *
 * <p>Called on a delivery thread, never the capture thread, and never concurrently for one
 * subscription. A listener that takes longer than a frame interval skips frames: it always gets
 * the newest one next. It must not block for long, since delivery threads are shared.
 */
@ConsumerType
@FunctionalInterface
public interface FrameListener {
    void onFrame(Frame frame);
}
