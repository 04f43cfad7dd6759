package nightjar.gpio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;

import nightjar.api.illumination.IlluminationMode;
import nightjar.tasks.testing.ManualTaskClock;

/** The pins, in order and in time, for every change of mode and every decision of AUTO. */
class IlluminationControllerTest {
    private static final Instant NOON = Instant.parse("2024-06-21T12:00:00Z");
    private final ManualTaskClock clock = new ManualTaskClock(NOON);
    private RecordingPins pins;

    private IlluminationController start(Object... config) throws GpioException {
        pins = new RecordingPins(clock);
        IlluminationController controller = new IlluminationController(TestSettings.of(config), clock,
                (mode, on) -> pins.note("event " + mode + " on=" + on));
        controller.start(pins);
        return controller;
    }

    @AfterEach
    void close() {
        if (pins != null) {
            pins.close();
        }
    }

    @Test
    void everyModeChangeIsAnnouncedBeforeThePinsMoveInTheRightOrder() throws GpioException {
        IlluminationController controller = start("mode", "OFF", "irPin", 18, "irCutPin", 23);
        clock.advance(Duration.ofSeconds(1));
        // Claimed inactive (filter out), then day: the filter goes in.
        assertEquals(List.of("+0ms event OFF on=false", "+200ms ir-cut=1"), pins.take());

        controller.setMode(IlluminationMode.ON);
        clock.advance(Duration.ofSeconds(1));
        // Night: the filter comes out first, then the LEDs go on.
        assertEquals(List.of("+1000ms event ON on=true", "+1200ms ir-cut=0", "+1200ms ir=1"), pins.take());

        controller.setMode(IlluminationMode.OFF);
        clock.advance(Duration.ofSeconds(1));
        // Day: the LEDs go off first, then the filter goes in.
        assertEquals(List.of("+2000ms event OFF on=false", "+2200ms ir=0", "+2200ms ir-cut=1"), pins.take());

        controller.setMode(IlluminationMode.AUTO);
        clock.advance(Duration.ofSeconds(1));
        // AUTO with no picture yet stays as it is: announced (the mode changed), no pin moves.
        assertEquals(List.of("+3000ms event AUTO on=false"), pins.take());
        assertEquals("scene", controller.status().decidedBy());
        assertEquals(IlluminationMode.AUTO, controller.status().mode());
    }

    @Test
    void aTwoPinFilterIsPulsedAndLeftUndriven() throws GpioException {
        IlluminationController controller = start("mode", "OFF", "irCutPin", 23, "irCutPin2", 24,
                "irCutPulseMillis", 150);
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of("+0ms event OFF on=false", "+200ms ir-cut=1", "+350ms ir-cut=0"), pins.take());
        controller.setMode(IlluminationMode.ON);
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of("+1000ms event ON on=true", "+1200ms ir-cut-2=1", "+1200ms ir=1", "+1350ms ir-cut-2=0"),
                pins.take());
    }

    @Test
    void polarityIsApplied() throws GpioException {
        IlluminationController controller = start("mode", "ON", "irActiveLow", true, "irCutPin", 23,
                "irCutActiveLow", false);
        clock.advance(Duration.ofSeconds(1));
        assertEquals(DigitalState.LOW, pins.mock().pi4j("ir", DigitalOutput.class).state(), "active low: on is low");
        assertEquals(DigitalState.LOW, pins.mock().pi4j("ir-cut", DigitalOutput.class).state(), "filter out");
        controller.setMode(IlluminationMode.OFF);
        clock.advance(Duration.ofSeconds(1));
        assertEquals(DigitalState.HIGH, pins.mock().pi4j("ir", DigitalOutput.class).state());
        assertEquals(DigitalState.HIGH, pins.mock().pi4j("ir-cut", DigitalOutput.class).state(), "filter in");
    }

    @Test
    void theLightSensorDecidesAfterThreeReadingsAndTheHoldTime() throws GpioException {
        IlluminationController controller = start("lightSensorPin", 25, "holdSeconds", 60,
                "latitude", "51.5", "longitude", "0");
        MockDigitalInput sensor = pins.mock().pi4j("light-sensor", MockDigitalInput.class);
        tick(controller, 3);
        assertFalse(controller.status().on(), "light: day");
        pins.take();

        sensor.mockState(DigitalState.HIGH);
        tick(controller, 2);
        assertFalse(controller.status().on(), "two dark readings are not enough");
        tick(controller, 1);
        assertTrue(controller.status().on(), "the third is: night, although the sun says day");
        assertEquals("sensor", controller.status().decidedBy());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of("+6000ms event AUTO on=true", "+6200ms ir=1"), pins.take());

        // The IR LEDs light the sensor: it says day at once, but the hold time keeps the night.
        sensor.mockState(DigitalState.LOW);
        tick(controller, 50);
        assertTrue(controller.status().on(), "held");
        tick(controller, 10);
        assertFalse(controller.status().on(), "after the hold time");
    }

    @Test
    void theSunDecidesWhenThereIsNoSensor() throws GpioException {
        // London on midsummer: sunset 20:21 UTC; at -3 degrees night begins about 20:45.
        IlluminationController controller = start("latitude", "51.5072", "longitude", "-0.1276", "sunElevation", -3);
        controller.evaluate();
        assertFalse(controller.status().on());
        clock.advance(Duration.ofHours(8).plusMinutes(30));
        controller.evaluate();
        assertFalse(controller.status().on(), "20:30: still light");
        clock.advance(Duration.ofMinutes(30));
        controller.evaluate();
        assertTrue(controller.status().on(), "21:00: night");
        assertEquals("sun", controller.status().decidedBy());
    }

    @Test
    void autoByThePictureSaysWhenThereIsNoPicture() throws GpioException {
        IlluminationController controller = start("sceneIntervalSeconds", 2);
        clock.advance(Duration.ofSeconds(15));
        assertEquals("", controller.status().message(), "within the grace time");
        clock.advance(Duration.ofSeconds(2));
        assertEquals("AUTO has no camera picture to decide from", controller.status().message());
        controller.offerScene(120);
        assertEquals("", controller.status().message());
        controller.setMode(IlluminationMode.OFF);
        clock.advance(Duration.ofMinutes(5));
        assertEquals("", controller.status().message(), "OFF needs no picture");
    }

    @Test
    void noPinIsTouchedAfterStop() throws GpioException {
        IlluminationController controller = start("mode", "OFF");
        controller.setMode(IlluminationMode.ON);
        controller.stop();
        pins.take();
        clock.advance(Duration.ofSeconds(5));
        assertEquals(List.of(), pins.take());
    }

    private void tick(IlluminationController controller, int seconds) {
        for (int i = 0; i < seconds; i++) {
            clock.advance(Duration.ofSeconds(1));
            controller.evaluate();
        }
    }
}
