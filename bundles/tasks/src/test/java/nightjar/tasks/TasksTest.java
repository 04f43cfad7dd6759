package nightjar.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import nightjar.tasks.testing.ManualTaskClock;

class TasksTest {
    @Test
    void threadsAreNamedForTheirOwnerAndNeverHoldTheJvm() {
        ThreadFactory factory = Threads.named("nightjar-test");
        Thread first = factory.newThread(() -> { });
        Thread second = factory.newThread(() -> { });
        assertEquals("nightjar-test", first.getName());
        assertEquals("nightjar-test-2", second.getName());
        assertTrue(first.isDaemon() && second.isDaemon());
        assertEquals("nightjar-one", Threads.thread("nightjar-one", () -> { }).getName());
    }

    @Test
    void aSchedulerForgetsCancelledTasksAndStopsWithoutRunningDelayedOnes() throws Exception {
        ScheduledThreadPoolExecutor scheduler = Threads.scheduler("nightjar-test-scheduler");
        ScheduledFuture<?> cancelled = scheduler.schedule(() -> { }, 1, TimeUnit.HOURS);
        cancelled.cancel(false);
        assertEquals(0, scheduler.getQueue().size(), "a cancelled task leaves the queue at once");
        scheduler.schedule(() -> { }, 1, TimeUnit.HOURS);
        assertTrue(Threads.stop(scheduler, Duration.ofSeconds(5)), "stopped without waiting an hour");
        assertTrue(scheduler.isTerminated());
    }

    @Test
    void theManualClockRunsTasksInTimeOrderWhenTheTestMovesIt() {
        ManualTaskClock clock = new ManualTaskClock(Instant.parse("2026-12-01T10:00:00Z"));
        List<String> ran = new ArrayList<>();
        clock.schedule(Duration.ofSeconds(2), () -> ran.add("two"));
        TaskClock.Task never = clock.schedule(Duration.ofSeconds(1), () -> ran.add("cancelled"));
        clock.execute(() -> ran.add("now"));
        never.cancel();
        clock.runDue();
        assertEquals(List.of("now"), ran);
        assertEquals(Duration.ofSeconds(2), clock.runNext());
        assertEquals(List.of("now", "two"), ran);
        assertEquals(Instant.parse("2026-12-01T10:00:02Z"), clock.now());
        assertThrows(AssertionError.class, clock::runNext, "nothing scheduled");
    }
}
