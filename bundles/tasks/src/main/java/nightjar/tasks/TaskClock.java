package nightjar.tasks;

import java.time.Duration;
import java.time.Instant;

/**
 * Time, and one thread to run tasks on now or later. A component whose logic runs only on it needs
 * no locks; its tests use {@code nightjar.tasks.testing.ManualTaskClock}, which moves time when the
 * test says, so nothing waits on the wall clock.
 */
public interface TaskClock {
    Instant now();

    /** Runs the task on the clock's thread after the delay (zero or less: as soon as possible). */
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
