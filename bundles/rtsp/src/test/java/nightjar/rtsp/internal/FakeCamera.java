package nightjar.rtsp.internal;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import nightjar.api.camera.Camera;
import nightjar.api.camera.CameraState;
import nightjar.api.camera.CameraStatus;
import nightjar.api.camera.Frame;
import nightjar.api.camera.FrameListener;
import nightjar.api.camera.Subscription;

/** A camera whose frames the test hands out with {@link #deliver}, to every subscriber, on the test's thread. */
final class FakeCamera implements Camera {
    private final String id;
    private final List<FrameListener> subscribers = new CopyOnWriteArrayList<>();
    private volatile @Nullable Frame latest;
    private long sequence;

    FakeCamera(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return id;
    }

    @Override
    public CameraStatus status() {
        return new CameraStatus(CameraState.STREAMING, "", 640, 480, 15);
    }

    @Override
    public @Nullable Frame latestFrame() {
        return latest;
    }

    @Override
    public Subscription subscribe(FrameListener listener) {
        subscribers.add(listener);
        return () -> subscribers.remove(listener);
    }

    int subscriberCount() {
        return subscribers.size();
    }

    /** A frame of this JPEG, captured now, to every subscriber. */
    synchronized Frame deliver(byte[] jpeg, int width, int height) {
        Frame frame = new Frame(id, ++sequence, System.nanoTime(), Instant.now(), width, height, jpeg);
        latest = frame;
        for (FrameListener subscriber : subscribers) {
            subscriber.onFrame(frame);
        }
        return frame;
    }
}
