package nightjar.tasks.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

import org.jspecify.annotations.Nullable;

import nightjar.tasks.TaskClock;

/**
 * A {@link TaskClock} whose time moves only when the test says: tasks run in time order on the thread
 * that moves it. Other threads may hand tasks over; they run at the test's next step.
 */
public final class ManualTaskClock implements TaskClock {
    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private Instant now;
    private long sequence;

    public ManualTaskClock(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized Task schedule(Duration delay, Runnable task) {
        Entry entry = new Entry(now.plus(delay.isNegative() ? Duration.ZERO : delay), sequence++, task);
        queue.add(entry);
        notifyAll();
        return () -> {
            synchronized (this) {
                queue.remove(entry);
            }
        };
    }

    /** Moves time on, running every task that falls due on the way at its own time. */
    public void advance(Duration duration) {
        Instant end;
        synchronized (this) {
            end = now.plus(duration);
        }
        for (Entry next = takeDue(end); next != null; next = takeDue(end)) {
            next.task.run();
        }
        synchronized (this) {
            now = end;
        }
    }

    /** Runs what is due now. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /**
     * Steps time to the next task, runs it and whatever is then due, and returns how far time moved.
     *
     * @throws AssertionError when nothing is scheduled
     */
    public Duration runNext() {
        Entry next;
        Duration moved;
        synchronized (this) {
            next = queue.poll();
            if (next == null) {
                throw new AssertionError("nothing scheduled");
            }
            moved = next.at.isAfter(now) ? Duration.between(now, next.at) : Duration.ZERO;
            now = now.plus(moved);
        }
        next.task.run();
        runDue();
        return moved;
    }

    /**
     * Waits until another thread (a library's callback) has handed over a task that is due now; true
     * when one is, false when none came within {@code timeout} of real time.
     */
    public synchronized boolean awaitDue(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Entry first = queue.peek(); first == null || first.at.isAfter(now); first = queue.peek()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Tasks waiting to run. */
    public synchronized int pending() {
        return queue.size();
    }

    private synchronized @Nullable Entry takeDue(Instant end) {
        Entry next = queue.peek();
        if (next == null || next.at.isAfter(end)) {
            return null;
        }
        queue.poll();
        if (next.at.isAfter(now)) {
            now = next.at;
        }
        return next;
    }

    private record Entry(Instant at, long sequence, Runnable task) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry other) {
            int byTime = at.compareTo(other.at);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }
}
