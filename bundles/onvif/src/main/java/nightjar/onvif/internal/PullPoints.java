package nightjar.onvif.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The PullPoint subscriptions of ONVIF's event service: at most {@code maxSubscriptions} at once, each
 * ending at its termination time unless renewed (never more than {@link #MAX_TERMINATION} ahead), each
 * keeping its newest {@link #MAX_QUEUED} messages (older ones are dropped, as a slow MJPEG viewer skips
 * frames). A pull waits for a message at most {@link #MAX_WAIT}, however long the client asks, and at
 * most {@link #MAX_WAITING} pulls wait at once (the others are answered at once), so that waiting
 * clients never hold the HTTPS server's threads. Termination times follow the injected clock.
 */
final class PullPoints {
    static final Duration MAX_TERMINATION = Duration.ofHours(1);
    static final Duration DEFAULT_TERMINATION = Duration.ofMinutes(1);
    static final Duration MAX_WAIT = Duration.ofSeconds(10);
    static final int MAX_QUEUED = 100;
    static final int MAX_WAITING = 4;
    static final int MAX_LIMIT = 100;

    /** A motion state of one camera at a time; {@code initial} for the state a new subscription starts with. */
    record Message(Instant time, String cameraId, boolean motion, boolean initial) {
    }

    private static final class Subscription {
        Instant terminationTime;
        final ArrayDeque<Message> queue = new ArrayDeque<>();

        Subscription(Instant terminationTime) {
            this.terminationTime = terminationTime;
        }
    }

    private final Clock clock;
    private final int maxSubscriptions;
    private final SecureRandom random = new SecureRandom();
    private final Semaphore waiting = new Semaphore(MAX_WAITING);
    // Guarded by this.
    private final Map<String, Subscription> subscriptions = new HashMap<>();
    private boolean closed;

    PullPoints(Clock clock, int maxSubscriptions) {
        this.clock = clock;
        this.maxSubscriptions = maxSubscriptions;
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * A new subscription with these first messages; its id is random, unguessable.
     *
     * @throws SoapFault when {@code maxSubscriptions} are live
     */
    synchronized String create(Duration requested, List<Message> initial) throws SoapFault {
        sweep();
        if (subscriptions.size() >= maxSubscriptions) {
            throw new SoapFault(false, "ter:Action", "ter:TooManySubscriptions", 500, "Already "
                    + maxSubscriptions + " subscriptions: unsubscribe one or wait until one ends");
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Subscription subscription = new Subscription(now().plus(bounded(requested)));
        subscription.queue.addAll(initial);
        subscriptions.put(id, subscription);
        return id;
    }

    /** When the subscription ends, or null when there is none with this id (any more). */
    synchronized @Nullable Instant terminationTime(String id) {
        sweep();
        Subscription subscription = subscriptions.get(id);
        return subscription == null ? null : subscription.terminationTime;
    }

    /** Sets a live subscription's termination time; returns it, or null when there is no such subscription. */
    synchronized @Nullable Instant renew(String id, Duration requested) {
        sweep();
        Subscription subscription = subscriptions.get(id);
        if (subscription == null) {
            return null;
        }
        subscription.terminationTime = now().plus(bounded(requested));
        return subscription.terminationTime;
    }

    /** Ends a subscription; false when there was none. */
    synchronized boolean unsubscribe(String id) {
        sweep();
        boolean removed = subscriptions.remove(id) != null;
        notifyAll();
        return removed;
    }

    synchronized int size() {
        sweep();
        return subscriptions.size();
    }

    /** Gives a message to every live subscription. */
    synchronized void publish(Message message) {
        sweep();
        for (Subscription subscription : subscriptions.values()) {
            if (subscription.queue.size() >= MAX_QUEUED) {
                subscription.queue.removeFirst();
            }
            subscription.queue.addLast(message);
        }
        notifyAll();
    }

    /**
     * Takes up to {@code limit} messages, waiting up to {@code wait} (at most {@link #MAX_WAIT}) for the first.
     *
     * @return the messages, possibly none; null when there is no such subscription
     */
    @Nullable
    List<Message> pull(String id, Duration wait, int limit) throws InterruptedException {
        boolean mayWait = !wait.isZero() && !wait.isNegative() && waiting.tryAcquire();
        try {
            long deadline = System.nanoTime() + (mayWait ? min(wait, MAX_WAIT).toNanos() : 0);
            synchronized (this) {
                while (true) {
                    sweep();
                    Subscription subscription = subscriptions.get(id);
                    if (subscription == null) {
                        return null;
                    }
                    long left = deadline - System.nanoTime();
                    if (!subscription.queue.isEmpty() || left <= 0 || closed) {
                        List<Message> taken = new ArrayList<>();
                        while (!subscription.queue.isEmpty() && taken.size() < Math.max(1, Math.min(limit, MAX_LIMIT))) {
                            taken.add(subscription.queue.removeFirst());
                        }
                        return taken;
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
        } finally {
            if (mayWait) {
                waiting.release();
            }
        }
    }

    /** Ends every subscription and answers every waiting pull. */
    synchronized void close() {
        closed = true;
        subscriptions.clear();
        notifyAll();
    }

    private void sweep() {
        Instant now = now();
        subscriptions.values().removeIf(subscription -> !subscription.terminationTime.isAfter(now));
    }

    private static Duration bounded(Duration requested) {
        if (requested.isNegative() || requested.isZero()) {
            return DEFAULT_TERMINATION;
        }
        return min(requested, MAX_TERMINATION);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
