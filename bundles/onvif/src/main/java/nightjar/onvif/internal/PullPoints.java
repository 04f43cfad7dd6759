package nightjar.onvif.internal;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import nightjar.tasks.TaskClock;

/**
 * The PullPoint subscriptions of ONVIF's event service: at most {@code maxSubscriptions} at once, each
 * ending at its termination time unless renewed (never more than {@link #MAX_TERMINATION} ahead), each
 * keeping its newest {@link #MAX_QUEUED} messages (older ones are dropped, as a slow MJPEG viewer skips
 * frames). A pull with nothing to take waits, holding no thread, until a message comes or its timeout
 * (at most {@link #MAX_WAIT}, below the HTTPS server's idle timeout, however long the client asks)
 * passes; a newer pull of the same subscription answers the older one at once. Time and timeouts come
 * from the {@link TaskClock}.
 */
final class PullPoints {
    static final Duration MAX_TERMINATION = Duration.ofHours(1);
    static final Duration DEFAULT_TERMINATION = Duration.ofMinutes(1);
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    static final int MAX_QUEUED = 100;
    static final int MAX_LIMIT = 100;

    /** A motion state of one camera at a time; {@code initial} for the state a new subscription starts with. */
    record Message(Instant time, String cameraId, boolean motion, boolean initial) {
    }

    /** A pull waiting for messages: what it may take, and where they go (null: the subscription ended). */
    private record Waiter(CompletableFuture<@Nullable List<Message>> answer, int limit) {
    }

    private static final class Subscription {
        Instant terminationTime;
        final ArrayDeque<Message> queue = new ArrayDeque<>();
        @Nullable Waiter waiter;
        TaskClock.@Nullable Task timeout;

        Subscription(Instant terminationTime) {
            this.terminationTime = terminationTime;
        }

        List<Message> take(int limit) {
            List<Message> taken = new ArrayList<>();
            while (!queue.isEmpty() && taken.size() < limit) {
                taken.add(queue.removeFirst());
            }
            return taken;
        }
    }

    /** An answer to give once the lock is released (completing a pull may write its response). */
    private record Answer(Waiter waiter, @Nullable List<Message> messages) {
        void give() {
            waiter.answer().complete(messages);
        }
    }

    private final TaskClock clock;
    private final int maxSubscriptions;
    private final SecureRandom random = new SecureRandom();
    // Guarded by this.
    private final Map<String, Subscription> subscriptions = new HashMap<>();

    PullPoints(TaskClock clock, int maxSubscriptions) {
        this.clock = clock;
        this.maxSubscriptions = maxSubscriptions;
    }

    Instant now() {
        return clock.now();
    }

    /**
     * A new subscription with these first messages; its id is random, unguessable.
     *
     * @throws SoapFault when {@code maxSubscriptions} are live
     */
    String create(Duration requested, List<Message> initial) throws SoapFault {
        List<Answer> answers = new ArrayList<>();
        try {
            synchronized (this) {
                sweep(answers);
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
        } finally {
            answers.forEach(Answer::give);
        }
    }

    /** When the subscription ends, or null when there is none with this id (any more). */
    @Nullable
    Instant terminationTime(String id) {
        List<Answer> answers = new ArrayList<>();
        try {
            synchronized (this) {
                sweep(answers);
                Subscription subscription = subscriptions.get(id);
                return subscription == null ? null : subscription.terminationTime;
            }
        } finally {
            answers.forEach(Answer::give);
        }
    }

    /** Sets a live subscription's termination time; returns it, or null when there is no such subscription. */
    @Nullable
    Instant renew(String id, Duration requested) {
        List<Answer> answers = new ArrayList<>();
        try {
            synchronized (this) {
                sweep(answers);
                Subscription subscription = subscriptions.get(id);
                if (subscription == null) {
                    return null;
                }
                subscription.terminationTime = now().plus(bounded(requested));
                return subscription.terminationTime;
            }
        } finally {
            answers.forEach(Answer::give);
        }
    }

    /** Ends a subscription (a pull waiting on it is told so); false when there was none. */
    boolean unsubscribe(String id) {
        List<Answer> answers = new ArrayList<>();
        try {
            synchronized (this) {
                sweep(answers);
                Subscription removed = subscriptions.remove(id);
                if (removed != null) {
                    end(removed, answers);
                }
                return removed != null;
            }
        } finally {
            answers.forEach(Answer::give);
        }
    }

    int size() {
        List<Answer> answers = new ArrayList<>();
        try {
            synchronized (this) {
                sweep(answers);
                return subscriptions.size();
            }
        } finally {
            answers.forEach(Answer::give);
        }
    }

    /** Gives a message to every live subscription, and to the pull waiting on it. */
    void publish(Message message) {
        List<Answer> answers = new ArrayList<>();
        synchronized (this) {
            sweep(answers);
            for (Subscription subscription : subscriptions.values()) {
                if (subscription.queue.size() >= MAX_QUEUED) {
                    subscription.queue.removeFirst();
                }
                subscription.queue.addLast(message);
                Waiter waiter = subscription.waiter;
                if (waiter != null) {
                    answers.add(new Answer(waiter, subscription.take(waiter.limit())));
                    clearWaiter(subscription);
                }
            }
        }
        answers.forEach(Answer::give);
    }

    /**
     * Takes up to {@code limit} messages, at once when there are any or {@code wait} is zero, else when the
     * first comes or {@code wait} (at most {@link #MAX_WAIT}) has passed, with none.
     *
     * @return the messages, possibly none; null when there is no such subscription (or it ended meanwhile)
     */
    CompletableFuture<@Nullable List<Message>> pull(String id, Duration wait, int limit) {
        int bounded = Math.max(1, Math.min(limit, MAX_LIMIT));
        List<Answer> answers = new ArrayList<>();
        try {
            synchronized (this) {
                sweep(answers);
                Subscription subscription = subscriptions.get(id);
                if (subscription == null) {
                    return CompletableFuture.completedFuture(null);
                }
                Waiter older = subscription.waiter;
                if (older != null) {
                    answers.add(new Answer(older, List.of()));
                    clearWaiter(subscription);
                }
                if (!subscription.queue.isEmpty() || wait.isZero() || wait.isNegative()) {
                    return CompletableFuture.completedFuture(subscription.take(bounded));
                }
                Waiter waiter = new Waiter(new CompletableFuture<>(), bounded);
                subscription.waiter = waiter;
                subscription.timeout = clock.schedule(wait.compareTo(MAX_WAIT) < 0 ? wait : MAX_WAIT,
                        () -> timeout(subscription, waiter));
                return waiter.answer();
            }
        } finally {
            answers.forEach(Answer::give);
        }
    }

    private void timeout(Subscription subscription, Waiter waiter) {
        synchronized (this) {
            if (subscription.waiter != waiter) {
                return;
            }
            subscription.waiter = null;
            subscription.timeout = null;
        }
        waiter.answer().complete(List.of());
    }

    /** Ends every subscription and answers every waiting pull. */
    void close() {
        List<Answer> answers = new ArrayList<>();
        synchronized (this) {
            subscriptions.values().forEach(subscription -> end(subscription, answers));
            subscriptions.clear();
        }
        answers.forEach(Answer::give);
    }

    private void sweep(List<Answer> answers) {
        Instant now = now();
        subscriptions.values().removeIf(subscription -> {
            if (subscription.terminationTime.isAfter(now)) {
                return false;
            }
            end(subscription, answers);
            return true;
        });
    }

    private static void end(Subscription subscription, List<Answer> answers) {
        Waiter waiter = subscription.waiter;
        if (waiter != null) {
            answers.add(new Answer(waiter, null));
            clearWaiter(subscription);
        }
    }

    private static void clearWaiter(Subscription subscription) {
        TaskClock.Task timeout = subscription.timeout;
        if (timeout != null) {
            timeout.cancel();
        }
        subscription.waiter = null;
        subscription.timeout = null;
    }

    private static Duration bounded(Duration requested) {
        if (requested.isNegative() || requested.isZero()) {
            return DEFAULT_TERMINATION;
        }
        return requested.compareTo(MAX_TERMINATION) < 0 ? requested : MAX_TERMINATION;
    }
}
