package nightjar.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class SummarisedLogTest {
    private long now = 5_000_000_000L;
    private final List<String> lines = new ArrayList<>();
    private final SummarisedLog log = new SummarisedLog("viewers closed for not reading", () -> now, lines::add);

    @Test
    void theFirstEventOfAMinuteIsALineAndTheRestOneSummary() {
        for (int i = 0; i < 200; i++) {
            log.event("viewer " + i + " stopped reading");
            now += TimeUnit.MILLISECONDS.toNanos(250);
        }
        assertEquals(List.of("viewer 0 stopped reading"), lines.subList(0, 1));
        // 200 events over 50 s: the minute is not over, so the summary waits for it.
        assertEquals(1, lines.size());
        now += TimeUnit.SECONDS.toNanos(10);
        log.tick();
        assertEquals(List.of("viewer 0 stopped reading", "199 more viewers closed for not reading in the last minute"),
                lines);
        log.tick();
        assertEquals(2, lines.size(), "a summary is told once");
    }

    @Test
    void aSteadyStreamOfEventsIsAtMostTwoLinesAMinute() {
        // 200 viewers a minute for ten minutes, the sweep ticking every 5 s.
        for (int second = 0; second < 600; second++) {
            for (int i = 0; i < 200 / 60 + (second % 3 == 0 ? 1 : 0); i++) {
                log.event("viewer stopped reading");
            }
            if (second % 5 == 0) {
                log.tick();
            }
            now += TimeUnit.SECONDS.toNanos(1);
        }
        assertTrue(lines.size() <= 2 * 10 + 1, lines.size() + " lines");
        assertTrue(lines.size() >= 10, "each minute still says something: " + lines.size());
    }

    @Test
    void aLoneEventAfterAQuietMinuteIsLoggedAndNoSummaryOfNothing() {
        log.event("first");
        now += TimeUnit.MINUTES.toNanos(5);
        log.tick();
        log.event("second");
        assertEquals(List.of("first", "second"), lines);
    }
}
