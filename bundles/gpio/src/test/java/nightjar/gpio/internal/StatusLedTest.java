package nightjar.gpio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import nightjar.api.camera.CameraState;
import nightjar.gpio.internal.StatusLed.Pattern;

class StatusLedTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** An output that remembers when it was lit, as milliseconds since the start. */
    private static final class Led implements Pins.Output {
        final List<Long> edges = new ArrayList<>();
        Instant now = START;
        boolean lit;

        @Override
        public void set(boolean active) {
            if (active != lit) {
                edges.add(Duration.between(START, now).toMillis());
            }
            lit = active;
        }

        @Override
        public boolean active() {
            return lit;
        }
    }

    /** Drives the LED the way the runtime does, from edge to edge, for the duration; returns the edges. */
    private static List<Long> drive(StatusLed status, Led led, Duration duration) {
        led.edges.clear();
        Instant end = led.now.plus(duration);
        while (led.now.isBefore(end)) {
            led.now = led.now.plus(status.tick(led.now));
        }
        return List.copyOf(led.edges);
    }

    @Test
    void eachPatternHasItsRhythm() {
        Led led = new Led();
        StatusLed status = new StatusLed(led, START);
        // Starting: 500 ms on, 500 off.
        assertEquals(List.of(0L, 500L, 1000L, 1500L), drive(status, led, Duration.ofMillis(2000)));
        status.camera("front", CameraState.STREAMING);
        // Heartbeat: two beats of 100 ms, 150 apart, every two seconds, from the change on.
        assertEquals(List.of(2000L, 2100L, 2250L, 2350L, 4000L, 4100L, 4250L, 4350L),
                drive(status, led, Duration.ofMillis(4000)));
        status.motion("front", true);
        assertEquals(List.of(6000L, 6125L, 6250L, 6375L), drive(status, led, Duration.ofMillis(500)));
        status.recording("front", true);
        assertEquals(List.of(6500L, 8300L, 8500L), drive(status, led, Duration.ofMillis(2100)).subList(0, 3));
    }

    @Test
    void theMostUrgentStateWins() {
        StatusLed status = new StatusLed(null, START);
        assertEquals(Pattern.STARTING, status.pattern(START));
        assertEquals(Pattern.RUNNING, status.pattern(START.plus(StatusLed.STARTING_AT_MOST)),
                "running after a minute even without a camera");
        status.camera("front", CameraState.STREAMING);
        assertEquals(Pattern.RUNNING, status.pattern(START));
        status.motion("front", true);
        assertEquals(Pattern.MOTION, status.pattern(START));
        status.recording("front", true);
        assertEquals(Pattern.RECORDING, status.pattern(START), "recording outranks motion");
        status.camera("garage", CameraState.ERROR);
        assertEquals(Pattern.ERROR, status.pattern(START), "an error outranks everything");
        status.camera("garage", CameraState.STREAMING);
        assertEquals(Pattern.RECORDING, status.pattern(START), "the error is over");
        status.recording("front", false);
        assertEquals(Pattern.MOTION, status.pattern(START));
        status.motion("front", false);
        assertEquals(Pattern.RUNNING, status.pattern(START));
    }

    @Test
    void storageLowShowsAsAnErrorForTenMinutesAfterTheLastWarning() {
        StatusLed status = new StatusLed(null, START);
        status.camera("front", CameraState.STREAMING);
        status.storageLow(START);
        assertEquals(Pattern.ERROR, status.pattern(START.plus(Duration.ofMinutes(9))));
        assertEquals(Pattern.RUNNING, status.pattern(START.plus(Duration.ofMinutes(10))));
    }

    @Test
    void aCameraThatFailsOrGoesAwayEndsItsMotionAndRecording() {
        StatusLed status = new StatusLed(null, START);
        status.camera("front", CameraState.STREAMING);
        status.motion("front", true);
        status.recording("front", true);
        status.camera("front", CameraState.ERROR);
        assertEquals(Pattern.ERROR, status.pattern(START));
        status.cameraGone("front");
        assertEquals(Pattern.RUNNING, status.pattern(START));
    }

    @Test
    void theLedWakesOnlyAtEdges() {
        Led led = new Led();
        StatusLed status = new StatusLed(led, START);
        status.camera("front", CameraState.STREAMING);
        assertEquals(Duration.ofMillis(100), status.tick(START));
        assertEquals(Duration.ofMillis(150), status.tick(START.plusMillis(100)));
        assertEquals(Duration.ofMillis(1650), status.tick(START.plusMillis(350)));
    }
}
