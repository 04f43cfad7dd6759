package nightjar.camera.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import nightjar.api.camera.Frame;
import nightjar.api.camera.Subscription;

class FrameHubTest {
    private final ExecutorService delivery = Executors.newFixedThreadPool(2);
    private final FrameHub hub = new FrameHub(delivery);
    private long sequence;

    @AfterEach
    void stop() throws InterruptedException {
        delivery.shutdownNow();
        delivery.awaitTermination(5, TimeUnit.SECONDS);
    }

    private Frame frame(int size) {
        return new Frame("test", ++sequence, System.nanoTime(), Instant.now(), 64, 48, new byte[size]);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }

    @Test
    void everySubscriberEndsWithTheNewestFrameInOrder() throws InterruptedException {
        List<List<Long>> received = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<Long> sequences = new CopyOnWriteArrayList<>();
            received.add(sequences);
            hub.subscribe(f -> sequences.add(f.sequence()));
        }
        for (int i = 0; i < 50; i++) {
            hub.publish(frame(10));
        }
        for (List<Long> sequences : received) {
            await(() -> !sequences.isEmpty() && sequences.get(sequences.size() - 1) == 50);
            for (int i = 1; i < sequences.size(); i++) {
                assertTrue(sequences.get(i) > sequences.get(i - 1), "frames arrive in order: " + sequences);
            }
        }
    }

    @Test
    void aStuckSubscriberNeitherStallsOthersNorHoldsOldFrames() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch stuckEntered = new CountDownLatch(1);
        List<Long> stuckReceived = new CopyOnWriteArrayList<>();
        hub.subscribe(f -> {
            stuckReceived.add(f.sequence());
            stuckEntered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        AtomicLong fastNewest = new AtomicLong();
        hub.subscribe(f -> fastNewest.set(f.sequence()));

        hub.publish(frame(100_000));
        assertTrue(stuckEntered.await(5, TimeUnit.SECONDS));
        List<WeakReference<Frame>> published = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Frame frame = frame(100_000);
            published.add(new WeakReference<>(frame));
            hub.publish(frame);
        }
        await(() -> fastNewest.get() == 301);
        assertTrue(hub.skippedFrames() >= 298, "the stuck subscriber skipped frames: " + hub.skippedFrames());

        // Only the frame the hub keeps as newest (which is also the one waiting for the stuck
        // subscriber) may still be reachable; 30 MB of older frames must be collectable.
        long alive = 0;
        for (int attempt = 0; attempt < 10; attempt++) {
            System.gc();
            alive = published.stream().filter(r -> r.get() != null).count();
            if (alive <= 1) {
                break;
            }
            Thread.sleep(50);
        }
        assertTrue(alive <= 1, alive + " frames still reachable");

        release.countDown();
        await(() -> stuckReceived.size() == 2);
        assertEquals(List.of(1L, 301L), stuckReceived, "after unsticking, the newest frame comes next");
    }

    @Test
    void aNewSubscriberGetsTheNewestFrameAtOnce() throws InterruptedException {
        hub.publish(frame(10));
        hub.publish(frame(10));
        AtomicLong got = new AtomicLong();
        hub.subscribe(f -> got.set(f.sequence()));
        await(() -> got.get() == 2);
    }

    @Test
    void closingStopsDeliveryAndForgetsTheSubscriber() {
        // Delivery on the test's thread, when the test says: what is not delivered then never will be.
        Queue<Runnable> deliveries = new ArrayDeque<>();
        FrameHub stepped = new FrameHub(deliveries::add);
        List<Long> received = new ArrayList<>();
        Subscription subscription = stepped.subscribe(f -> received.add(f.sequence()));
        stepped.publish(frame(10));
        runAll(deliveries);
        assertEquals(List.of(1L), received);
        assertEquals(1, stepped.subscriberCount());
        subscription.close();
        subscription.close();
        assertEquals(0, stepped.subscriberCount());
        stepped.publish(frame(10));
        runAll(deliveries);
        assertEquals(List.of(1L), received);
    }

    private static void runAll(Queue<Runnable> tasks) {
        for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
            task.run();
        }
    }

    @Test
    void aFailingListenerKeepsGettingFramesAndOthersAreUnaffected() throws InterruptedException {
        AtomicLong failingCalls = new AtomicLong();
        hub.subscribe(f -> {
            failingCalls.incrementAndGet();
            throw new IllegalStateException("listener bug");
        });
        AtomicLong healthy = new AtomicLong();
        hub.subscribe(f -> healthy.set(f.sequence()));
        for (int i = 1; i <= 3; i++) {
            hub.publish(frame(10));
            long expected = sequence;
            long calls = i;
            // Each frame waits for both: frames published faster than a listener takes them are one delivery.
            await(() -> healthy.get() == expected && failingCalls.get() == calls);
        }
    }

    @Test
    void closeAllEndsEverySubscription() {
        hub.subscribe(f -> { });
        hub.subscribe(f -> { });
        hub.publish(frame(10));
        hub.closeAll();
        assertEquals(0, hub.subscriberCount());
        assertEquals(null, hub.latest());
    }
}
