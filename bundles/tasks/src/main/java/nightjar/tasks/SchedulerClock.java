package nightjar.tasks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TaskClock} on a scheduler the component owns (see {@link Threads#scheduler}) and a clock. A
 * task that throws is logged, not lost silently; once the scheduler is stopped, tasks are dropped.
 */
public final class SchedulerClock implements TaskClock {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerClock.class);
    private final ScheduledExecutorService executor;
    private final Clock clock;

    public SchedulerClock(ScheduledExecutorService executor, Clock clock) {
        this.executor = executor;
        this.clock = clock;
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public Task schedule(Duration delay, Runnable task) {
        try {
            ScheduledFuture<?> future = executor.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("A task on {} failed", Thread.currentThread().getName(), e);
                }
            }, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        } catch (RejectedExecutionException e) {
            // Shutting down: nothing runs any more.
            return () -> { };
        }
    }
}
