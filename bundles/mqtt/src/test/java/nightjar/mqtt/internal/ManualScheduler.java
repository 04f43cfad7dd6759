package nightjar.mqtt.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler whose time the test moves: tasks run only when the test says, on the test's thread, and
 * a delayed task runs when the test steps time to it. Other threads (Paho's) may hand tasks over.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final List<Task> tasks = new ArrayList<>();
    private long nowMillis;
    private long sequence;
    private boolean shutDown;

    /** Runs the tasks due now (those handed over with no delay), including the ones they hand over. */
    void runDue() {
        for (Task next = takeDue(); next != null; next = takeDue()) {
            next.command.run();
        }
    }

    /**
     * Steps time to the next delayed task, runs it (and whatever is then due), and returns how long
     * after the previous time it ran.
     */
    long runNextDelayed() {
        Task next;
        long waited;
        synchronized (this) {
            next = tasks.stream().min(Comparator.comparingLong((Task t) -> t.atMillis).thenComparingLong(t -> t.sequence))
                    .orElseThrow(() -> new AssertionError("nothing scheduled"));
            tasks.remove(next);
            waited = next.atMillis - nowMillis;
            nowMillis = Math.max(nowMillis, next.atMillis);
        }
        next.command.run();
        runDue();
        return waited;
    }

    /** Waits (for another thread) until a task is due now; true when one is. */
    synchronized boolean awaitDue(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (tasks.stream().noneMatch(t -> t.atMillis <= nowMillis)) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    private synchronized Task takeDue() {
        for (Task task : tasks) {
            if (task.atMillis <= nowMillis) {
                tasks.remove(task);
                return task;
            }
        }
        return null;
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Task task = new Task(command, nowMillis + unit.toMillis(delay), sequence++);
        tasks.add(task);
        notifyAll();
        return task;
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized void shutdown() {
        shutDown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutDown = true;
        List<Runnable> left = tasks.stream().map(t -> t.command).toList();
        tasks.clear();
        return left;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutDown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutDown && tasks.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    private final class Task implements ScheduledFuture<Object> {
        final Runnable command;
        final long atMillis;
        final long sequence;
        private boolean cancelled;

        Task(Runnable command, long atMillis, long sequence) {
            this.command = command;
            this.atMillis = atMillis;
            this.sequence = sequence;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            synchronized (ManualScheduler.this) {
                return unit.convert(atMillis - nowMillis, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.MILLISECONDS), other.getDelay(TimeUnit.MILLISECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            synchronized (ManualScheduler.this) {
                cancelled = tasks.remove(this);
                return cancelled;
            }
        }

        @Override
        public boolean isCancelled() {
            synchronized (ManualScheduler.this) {
                return cancelled;
            }
        }

        @Override
        public boolean isDone() {
            synchronized (ManualScheduler.this) {
                return !tasks.contains(this);
            }
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }
}
