package nightjar.gpio.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/** A {@link TaskClock} whose time moves only when the test says: tasks run in time order on the test's thread. */
final class ManualTaskClock implements TaskClock {
    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private Instant now;
    private long sequence;

    ManualTaskClock(Instant start) {
        this.now = start;
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public Task schedule(Duration delay, Runnable task) {
        Entry entry = new Entry(now.plus(delay.isNegative() ? Duration.ZERO : delay), sequence++, task);
        queue.add(entry);
        return () -> queue.remove(entry);
    }

    /** Moves time on, running every task that falls due on the way at its own time. */
    void advance(Duration duration) {
        Instant end = now.plus(duration);
        while (!queue.isEmpty() && !queue.peek().at.isAfter(end)) {
            Entry next = queue.poll();
            if (next.at.isAfter(now)) {
                now = next.at;
            }
            next.task.run();
        }
        now = end;
    }

    /** Runs what is due now. */
    void runDue() {
        advance(Duration.ZERO);
    }

    int pending() {
        return queue.size();
    }

    private record Entry(Instant at, long sequence, Runnable task) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry other) {
            int byTime = at.compareTo(other.at);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }
}
