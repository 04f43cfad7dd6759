package nightjar.tasks;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads and executors as every component makes them: named {@code nightjar-<what>} so a thread dump
 * says whose they are, daemon so a forgotten one never holds the JVM, owned by the component that made
 * them and stopped by it in {@code deactivate} with {@link #stop}.
 */
public final class Threads {
    private Threads() {
    }

    /**
     * Daemon threads called {@code name}; a pool's second and later threads get {@code -2}, {@code -3}.
     */
    public static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            int number = count.incrementAndGet();
            Thread thread = new Thread(task, number == 1 ? name : name + "-" + number);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A daemon thread called {@code name}, not started. */
    public static Thread thread(String name, Runnable task) {
        return named(name).newThread(task);
    }

    /**
     * One thread that runs tasks now or later, in order. Cancelled tasks leave its queue at once, and
     * once it is stopped, delayed tasks no longer run.
     */
    public static ScheduledThreadPoolExecutor scheduler(String name) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, named(name));
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }

    /** {@code size} threads that share a queue of tasks (the second and later named {@code name-2}, ...). */
    public static ExecutorService pool(String name, int size) {
        return Executors.newFixedThreadPool(size, named(name));
    }

    /**
     * Stops an executor the caller owns: tasks already queued may finish within {@code grace}, then
     * running ones are interrupted. Returns whether every thread ended; never throws (an interrupt is
     * kept for the caller).
     */
    public static boolean stop(ExecutorService executor, Duration grace) {
        executor.shutdown();
        try {
            if (executor.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS)) {
                return true;
            }
            executor.shutdownNow();
            return executor.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops an executor the caller owns at once: queued tasks are dropped, running ones interrupted. */
    public static boolean stopNow(ExecutorService executor, Duration grace) {
        executor.shutdownNow();
        try {
            return executor.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
