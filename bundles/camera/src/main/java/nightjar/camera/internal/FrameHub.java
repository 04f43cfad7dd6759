package nightjar.camera.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.camera.Frame;
import nightjar.api.camera.FrameListener;
import nightjar.api.camera.Subscription;

/**
 * Latest-frame-wins fan-out of one camera's frames.
 *
 * <p>Each subscriber has one slot for the next frame. Publishing overwrites the slot (the frame the
 * subscriber had not yet taken is skipped) and schedules delivery on the executor unless a delivery
 * is already under way. So publishing never blocks, and a subscriber never holds more than the frame
 * it is handling plus the one waiting, however slow or stuck it is.
 */
final class FrameHub {
    private static final Logger LOG = LoggerFactory.getLogger(FrameHub.class);

    private final Executor delivery;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicLong skippedFrames = new AtomicLong();
    private volatile @Nullable Frame latest;

    FrameHub(Executor delivery) {
        this.delivery = delivery;
    }

    /** Hands a frame to every subscriber; returns at once. */
    void publish(Frame frame) {
        latest = frame;
        for (Subscriber subscriber : subscribers) {
            subscriber.offer(frame);
        }
    }

    @Nullable
    Frame latest() {
        return latest;
    }

    /** Subscribes a listener; it gets the newest frame at once, when there is one. */
    Subscription subscribe(FrameListener listener) {
        Subscriber subscriber = new Subscriber(listener);
        subscribers.add(subscriber);
        Frame current = latest;
        if (current != null) {
            subscriber.offer(current);
        }
        return subscriber;
    }

    int subscriberCount() {
        return subscribers.size();
    }

    /** Frames some subscriber was too slow for, over the hub's life. */
    long skippedFrames() {
        return skippedFrames.get();
    }

    /** Ends every subscription. */
    void closeAll() {
        for (Subscriber subscriber : subscribers) {
            subscriber.close();
        }
        latest = null;
    }

    private final class Subscriber implements Subscription, Runnable {
        private final FrameListener listener;
        private final AtomicReference<@Nullable Frame> next = new AtomicReference<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private volatile boolean closed;
        private boolean failureLogged;

        Subscriber(FrameListener listener) {
            this.listener = listener;
        }

        void offer(Frame frame) {
            if (closed) {
                return;
            }
            if (next.getAndSet(frame) != null) {
                skippedFrames.incrementAndGet();
            }
            schedule();
        }

        private void schedule() {
            if (scheduled.compareAndSet(false, true)) {
                try {
                    delivery.execute(this);
                } catch (RejectedExecutionException shuttingDown) {
                    scheduled.set(false);
                }
            }
        }

        @Override
        public void run() {
            while (true) {
                Frame frame = closed ? null : next.getAndSet(null);
                if (frame == null) {
                    scheduled.set(false);
                    // A frame offered between the read above and the reset would otherwise wait
                    // for the next publish.
                    if (!closed && next.get() != null && scheduled.compareAndSet(false, true)) {
                        continue;
                    }
                    return;
                }
                deliver(frame);
            }
        }

        private void deliver(Frame frame) {
            try {
                listener.onFrame(frame);
            } catch (RuntimeException e) {
                if (!failureLogged) {
                    failureLogged = true;
                    LOG.warn("A frame listener of camera {} failed; it keeps getting frames", frame.cameraId(), e);
                }
            }
        }

        @Override
        public void close() {
            closed = true;
            subscribers.remove(this);
            next.set(null);
        }
    }
}
