package nightjar.camera.internal;

import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.camera.Camera;
import nightjar.api.camera.CameraState;
import nightjar.api.camera.CameraStatus;
import nightjar.api.camera.Frame;
import nightjar.api.camera.FrameListener;
import nightjar.api.camera.Subscription;
import nightjar.api.capture.FrameSink;
import nightjar.api.event.EventProperties;

/**
 * A camera as the rest of Nightjar sees it: turns what its current source captures into frames,
 * fans them out through the hub, measures the frame rate and reports state changes.
 */
final class LiveCamera implements Camera, FrameSink {
    private static final Logger LOG = LoggerFactory.getLogger(LiveCamera.class);
    /** Weight of the newest interval in the frame-rate average: about the last second at 15 fps. */
    private static final double FPS_SMOOTHING = 0.1;

    private final String id;
    private final FrameHub hub;
    private final Consumer<Map<String, Object>> stateEvents;
    private volatile String name;
    private volatile int width;
    private volatile int height;
    private volatile CameraState state = CameraState.STARTING;
    private volatile String message = "";
    private volatile double averageIntervalNanos;
    // Only the source's thread writes these two.
    private long sequence;
    private long lastCaptureNanos;

    /**
     * @param stateEvents receives the properties of a {@code nightjar/camera/STATE} event on every
     *        state change
     */
    LiveCamera(String id, String name, int width, int height, FrameHub hub,
            Consumer<Map<String, Object>> stateEvents) {
        this.id = id;
        this.name = name;
        this.width = width;
        this.height = height;
        this.hub = hub;
        this.stateEvents = stateEvents;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    void rename(String newName) {
        name = newName;
    }

    @Override
    public CameraStatus status() {
        double interval = averageIntervalNanos;
        double fps = state == CameraState.STREAMING && interval > 0 ? 1e9 / interval : 0;
        return new CameraStatus(state, message, width, height, Math.round(fps * 10) / 10.0);
    }

    @Override
    public @Nullable Frame latestFrame() {
        return hub.latest();
    }

    @Override
    public Subscription subscribe(FrameListener listener) {
        return hub.subscribe(listener);
    }

    void closeSubscriptions() {
        hub.closeAll();
    }

    @Override
    public void frame(int frameWidth, int frameHeight, byte[] jpeg) {
        long now = System.nanoTime();
        if (lastCaptureNanos != 0) {
            long interval = now - lastCaptureNanos;
            double average = averageIntervalNanos;
            averageIntervalNanos = average == 0 ? interval : average + FPS_SMOOTHING * (interval - average);
        }
        lastCaptureNanos = now;
        width = frameWidth;
        height = frameHeight;
        hub.publish(new Frame(id, ++sequence, now, Instant.now(), frameWidth, frameHeight, jpeg));
        if (state != CameraState.STREAMING) {
            changeState(CameraState.STREAMING, "");
        }
    }

    @Override
    public void state(CameraState newState, String newMessage) {
        if (newState != CameraState.STREAMING) {
            lastCaptureNanos = 0;
            averageIntervalNanos = 0;
        }
        if (newState != state || !newMessage.equals(message)) {
            changeState(newState, newMessage);
        }
    }

    private void changeState(CameraState newState, String newMessage) {
        state = newState;
        message = newMessage;
        if (newState == CameraState.ERROR) {
            LOG.warn("Camera {}: {}", id, newMessage);
        } else {
            LOG.info("Camera {} is {}{}", id, newState, newMessage.isEmpty() ? "" : ": " + newMessage);
        }
        stateEvents.accept(Map.of(
                EventProperties.CAMERA, id,
                EventProperties.STATE, newState.name(),
                EventProperties.MESSAGE, newMessage,
                EventProperties.FPS, status().fps()));
    }
}
