package nightjar.gpio.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * Time and one thread to run tasks on. The bundle's logic runs only on it, so it needs no locks;
 * tests use a manual implementation that steps time, so nothing waits on the wall clock.
 */
interface TaskClock {
    Instant now();

    /** Runs the task on the clock's thread after the delay (zero: as soon as possible). */
    Task schedule(Duration delay, Runnable task);

    /** Runs the task on the clock's thread as soon as possible. */
    default void execute(Runnable task) {
        schedule(Duration.ZERO, task);
    }

    /** A scheduled task. */
    interface Task {
        /** Cancels the task if it has not run yet. */
        void cancel();
    }
}
