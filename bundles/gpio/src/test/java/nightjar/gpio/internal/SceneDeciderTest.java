package nightjar.gpio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import nightjar.api.illumination.IlluminationMode;
import nightjar.tasks.testing.ManualTaskClock;

/**
 * AUTO from the picture, through the whole controller on a manual clock: a simulated scene whose
 * brightness is the ambient light plus what the IR LEDs add while they are lit.
 */
class SceneDeciderTest {
    private static final Instant MIDNIGHT = Instant.parse("2024-10-01T00:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private final ManualTaskClock clock = new ManualTaskClock(MIDNIGHT);
    private final List<String> changes = new ArrayList<>();
    private RecordingPins pins;
    private IlluminationController controller;

    private void start(Object... config) throws GpioException {
        pins = new RecordingPins(clock);
        controller = new IlluminationController(TestSettings.of(config), clock,
                (mode, on) -> changes.add(Duration.between(MIDNIGHT, clock.now()).toMinutes() + "min on=" + on));
        controller.start(pins);
        changes.clear();
    }

    @AfterEach
    void close() {
        if (pins != null) {
            pins.close();
        }
    }

    /** Feeds a picture every two seconds for the duration; the scene sees the IR LEDs as the pins have them. */
    private void run(Duration duration, DoubleUnaryOperator ambientAtMinute, double irAdds, Random noise) {
        Instant end = clock.now().plus(duration);
        while (clock.now().isBefore(end)) {
            double minute = Duration.between(MIDNIGHT, clock.now()).toSeconds() / 60.0;
            boolean irLit = pins.mock().pi4j("ir", com.pi4j.io.gpio.digital.DigitalOutput.class).isHigh();
            double luma = ambientAtMinute.applyAsDouble(minute) + (irLit ? irAdds : 0) + noise.nextGaussian() * 2;
            controller.offerScene(Math.max(0, Math.min(255, luma)));
            clock.advance(INTERVAL);
        }
    }

    /** Night until 6:00, dawn to 7:00, day, dusk from 18:00 to 19:00, night. */
    private static double day(double minute) {
        double dawn = Math.max(0, Math.min(1, (minute - 360) / 60));
        double dusk = Math.max(0, Math.min(1, (minute - 1080) / 60));
        return 10 + 140 * (dawn - dusk);
    }

    @Test
    void aWholeDaySwitchesTwiceAlthoughTheIrLightBrightensTheNightPictureAboveDayLevel() throws GpioException {
        start("nightBelow", 40, "dayAbove", 70, "holdSeconds", 120);
        // The IR LEDs add 90: a night picture (10 + 90) is brighter than dayAbove.
        run(Duration.ofHours(24), SceneDeciderTest::day, 90, new Random(1));
        assertEquals(3, changes.size(), "on at the first night, off at dawn, on at dusk: " + changes);
        assertTrue(changes.get(0).startsWith("0min on=true"), changes.toString());
        int dawn = minutes(changes.get(1));
        int dusk = minutes(changes.get(2));
        // Ambient passes dayAbove (70) at 6:25.7 and nightBelow (40) at 18:47.1; three pictures confirm.
        assertTrue(dawn >= 385 && dawn <= 390, "off when the ambient light, not the IR, passes 70: " + changes);
        assertTrue(dusk >= 1127 && dusk <= 1131, "on when it falls under 40: " + changes);
        assertEquals(90, controller.scene().irStep(), 6, "the step learnt at the switch");
    }

    @Test
    void withoutCompensationTheSameSceneWouldOscillate() {
        // The same night with the IR step ignored: each switch undoes itself after the hold time.
        int switches = 0;
        boolean irOn = false;
        double ambient = 10;
        double irAdds = 90;
        Instant last = MIDNIGHT.minus(Duration.ofHours(1));
        Instant now = MIDNIGHT;
        for (int i = 0; i < 1800; i++, now = now.plus(INTERVAL)) {
            double luma = ambient + (irOn ? irAdds : 0);
            boolean wantNight = irOn ? !(luma > 70) : luma < 40;
            if (wantNight != irOn && !now.isBefore(last.plus(Duration.ofSeconds(120)))) {
                irOn = wantNight;
                last = now;
                switches++;
            }
        }
        assertTrue(switches > 10, "a naive threshold flips every hold time: " + switches);
    }

    @Test
    void brightnessHoveringAtTheThresholdDoesNotFlap() throws GpioException {
        start("nightBelow", 40, "dayAbove", 70, "holdSeconds", 120);
        run(Duration.ofMinutes(10), minute -> 150, 60, new Random(2));
        changes.clear();
        // Dusk stalls right at nightBelow, with noise of ±6.
        Random noise = new Random(3);
        run(Duration.ofHours(2), minute -> 40 + noise.nextGaussian() * 3, 60, new Random(4));
        assertTrue(changes.size() <= 1, "at most one switch on, none back: " + changes);
    }

    @Test
    void aPassingHeadlightChangesNothingAndTheHoldTimeStopsQuickReversals() throws GpioException {
        start("nightBelow", 40, "dayAbove", 70, "holdSeconds", 300);
        run(Duration.ofMinutes(1), minute -> 10, 60, new Random(5));
        assertEquals(List.of("0min on=true"), changes);
        changes.clear();
        // Lights of a car for four seconds (two pictures): fewer than three in a row.
        run(Duration.ofSeconds(4), minute -> 200, 60, new Random(6));
        run(Duration.ofMinutes(1), minute -> 10, 60, new Random(7));
        assertEquals(List.of(), changes, "a headlight");
        // A lamp switched on for two minutes, inside the hold time: no switch.
        run(Duration.ofMinutes(2), minute -> 150, 60, new Random(8));
        assertEquals(List.of(), changes, "within the hold time");
        // It stays on: day once the hold time is over.
        run(Duration.ofMinutes(5), minute -> 150, 60, new Random(9));
        assertEquals(1, changes.size(), changes.toString());
        assertFalse(controller.status().on());
    }

    @Test
    void aManualSwitchTeachesTheStepForAuto() throws GpioException {
        start("mode", "OFF", "nightBelow", 40, "dayAbove", 70);
        run(Duration.ofMinutes(1), minute -> 20, 80, new Random(10));
        controller.setMode(IlluminationMode.ON);
        run(Duration.ofMinutes(1), minute -> 20, 80, new Random(11));
        assertEquals(80, controller.scene().irStep(), 6);
        controller.setMode(IlluminationMode.AUTO);
        changes.clear();
        run(Duration.ofMinutes(10), minute -> 20, 80, new Random(12));
        assertEquals(List.of(), changes, "AUTO keeps the night: 100 bright, 20 of it daylight");
        assertTrue(controller.status().on());
    }

    private static int minutes(String change) {
        return Integer.parseInt(change.substring(0, change.indexOf("min")));
    }
}
