package nightjar.gpio.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link TaskClock} on the bundle's scheduler and the system clock. A task that throws is logged, not lost silently. */
final class ExecutorTaskClock implements TaskClock {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorTaskClock.class);
    private final ScheduledExecutorService executor;
    private final Clock clock;

    ExecutorTaskClock(ScheduledExecutorService executor, Clock clock) {
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
                    LOG.error("GPIO task failed", e);
                }
            }, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        } catch (RejectedExecutionException e) {
            // Shutting down: nothing runs any more.
            return () -> { };
        }
    }
}
