package nightjar.stream.internal;

import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import nightjar.api.camera.Camera;
import nightjar.api.camera.CameraStatus;
import nightjar.api.camera.Frame;
import nightjar.api.camera.FrameListener;
import nightjar.api.camera.Subscription;

/** A camera whose status and newest frame the test sets, and whose frames the test delivers by hand. */
final class FakeCamera implements Camera {
    private final String id;
    private final CameraStatus status;
    private final @Nullable Frame latest;
    final AtomicInteger subscriptionsClosed = new AtomicInteger();
    @Nullable FrameListener subscriber;

    FakeCamera(String id, CameraStatus status, @Nullable Frame latest) {
        this.id = id;
        this.status = status;
        this.latest = latest;
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
        return status;
    }

    @Override
    public @Nullable Frame latestFrame() {
        return latest;
    }

    @Override
    public Subscription subscribe(FrameListener listener) {
        subscriber = listener;
        return subscriptionsClosed::incrementAndGet;
    }
}
