package nightjar.api.camera.testing;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import nightjar.api.camera.Camera;
import nightjar.api.camera.CameraState;
import nightjar.api.camera.CameraStatus;
import nightjar.api.camera.Frame;
import nightjar.api.camera.FrameListener;
import nightjar.api.camera.Subscription;

/**
 * A camera for the tests of the bundles that use one: its status is the test's, and it hands frames to its
 * subscribers only when the test delivers them, on the test's thread.
 */
public final class FakeCamera implements Camera {
    private final String id;
    private final String name;
    private final CameraStatus status;
    private final List<FrameListener> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicInteger subscriptionsClosed = new AtomicInteger();
    private volatile @Nullable FrameListener lastSubscriber;
    private volatile @Nullable Frame latest;
    private long sequence;

    public FakeCamera(String id, String name, CameraStatus status) {
        this.id = id;
        this.name = name;
        this.status = status;
    }

    /** A camera named by its id. */
    public FakeCamera(String id, CameraStatus status) {
        this(id, id, status);
    }

    /** The status of a camera that delivers frames of this size at this rate. */
    public static CameraStatus streaming(int width, int height, double fps) {
        return new CameraStatus(CameraState.STREAMING, "", width, height, fps);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CameraStatus status() {
        return status;
    }

    @Override
    public @Nullable Frame latestFrame() {
        return latest;
    }

    /** Makes this the newest frame without handing it to anyone (a frame from before the test). */
    public void setLatestFrame(@Nullable Frame frame) {
        latest = frame;
    }

    @Override
    public Subscription subscribe(FrameListener listener) {
        subscribers.add(listener);
        lastSubscriber = listener;
        return () -> {
            subscribers.remove(listener);
            subscriptionsClosed.incrementAndGet();
        };
    }

    /** The listeners whose subscriptions are open. */
    public int subscriberCount() {
        return subscribers.size();
    }

    /** How many times a subscription was closed, counting a second close of the same one. */
    public int subscriptionsClosed() {
        return subscriptionsClosed.get();
    }

    /**
     * The listener of the newest subscription, even when that is closed: for handing it a frame that was on its way
     * when the subscription closed.
     */
    public FrameListener lastSubscriber() {
        FrameListener listener = lastSubscriber;
        if (listener == null) {
            throw new AssertionError("nothing subscribed to camera " + id);
        }
        return listener;
    }

    /** A frame of this JPEG, captured now and numbered after the last one: the newest, handed to every subscriber. */
    public synchronized Frame deliver(byte[] jpeg, int width, int height) {
        Frame frame = new Frame(id, ++sequence, System.nanoTime(), Instant.now(), width, height, jpeg);
        latest = frame;
        for (FrameListener subscriber : subscribers) {
            subscriber.onFrame(frame);
        }
        return frame;
    }
}
