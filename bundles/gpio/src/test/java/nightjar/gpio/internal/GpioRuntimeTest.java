package nightjar.gpio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;

import nightjar.api.camera.CameraState;
import nightjar.api.illumination.IlluminationMode;
import nightjar.tasks.testing.ManualTaskClock;

/** Provider choice and fallback, the LED and the illumination together, and the release of every pin. */
class GpioRuntimeTest {
    private final ManualTaskClock clock = new ManualTaskClock(Instant.parse("2026-06-01T12:00:00Z"));
    private final List<String> events = new ArrayList<>();
    private final List<Pi4jPins> opened = new ArrayList<>();
    @TempDir
    Path dir;

    private GpioRuntime runtime(GpioSettings settings, Path model, GpioRuntime.PinsFactory factory) {
        return new GpioRuntime(settings, clock, factory, model, () -> Map.of("front", CameraState.STREAMING),
                (mode, on) -> events.add(mode + " " + on));
    }

    /** The real providers, remembering what was opened; the character devices are looked for in {@link #dir}. */
    private Pins open(PinsProvider kind) throws GpioException {
        if (kind == PinsProvider.CHARDEV) {
            return ChardevPins.open(dir, "");
        }
        Pi4jPins pins = Pi4jPins.open(kind);
        opened.add(pins);
        return pins;
    }

    private Path model(String text) throws IOException {
        Path file = dir.resolve("model");
        Files.write(file, (text + "\0").getBytes(StandardCharsets.UTF_8));
        return file;
    }

    @Test
    void autoOnAnythingButAPiIsTheMockProvider() throws IOException {
        assertEquals(PinsProvider.MOCK, ProviderSelection.choose(GpioSettings.ProviderSetting.AUTO,
                dir.resolve("absent")).kind());
        assertEquals(PinsProvider.MOCK, ProviderSelection.choose(GpioSettings.ProviderSetting.AUTO,
                model("linux,dummy-virt")).kind());
        ProviderSelection.Choice pi = ProviderSelection.choose(GpioSettings.ProviderSetting.AUTO,
                model("Raspberry Pi 5 Model B Rev 1.0"));
        assertEquals(PinsProvider.GPIOD, pi.kind());
        assertTrue(pi.mayFallBack());
        assertEquals("Raspberry Pi 5 Model B Rev 1.0", ProviderSelection.boardModel(model("Raspberry Pi 5 Model B Rev 1.0")));
        assertFalse(ProviderSelection.choose(GpioSettings.ProviderSetting.GPIOD, dir).mayFallBack());
    }

    @Test
    void onAPiWhereGpiodCannotStartAutoFallsBackToMockAndSaysSo() throws IOException {
        GpioRuntime runtime = runtime(TestSettings.of("mode", "ON"), model("Raspberry Pi 4 Model B Rev 1.4"),
                kind -> {
                    if (kind == PinsProvider.GPIOD) {
                        throw new GpioException("no /dev/gpiochip0");
                    }
                    return open(kind);
                });
        runtime.start();
        clock.advance(Duration.ofSeconds(1));
        assertEquals("gpiod and chardev failed, the mock provider drives nothing: no /dev/gpiochip0; no GPIO character "
                + "device (" + dir.resolve("gpiochip*") + "): this kernel offers no GPIO chip to programs",
                runtime.status().message());
        assertTrue(runtime.status().on());
        assertEquals(List.of("ON true"), events);
        clock.advance(Duration.ofMinutes(10));
        assertEquals(1, opened.size(), "no retries: auto settled on mock");
        runtime.stop();
    }

    @Test
    void onAPiWhereGpiodCannotStartAutoDrivesThePinsThroughTheCharacterDevice() throws IOException {
        List<PinsProvider> tried = new ArrayList<>();
        RecordingPins[] chardev = new RecordingPins[1];
        GpioRuntime runtime = runtime(TestSettings.of("mode", "ON"), model("Raspberry Pi 4 Model B Rev 1.4"),
                kind -> {
                    tried.add(kind);
                    if (kind == PinsProvider.GPIOD) {
                        throw new GpioException("No gpio chip yet initialized!");
                    }
                    chardev[0] = new RecordingPins(clock);
                    return chardev[0];
                });
        runtime.start();
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of(PinsProvider.GPIOD, PinsProvider.CHARDEV), tried);
        assertEquals("", runtime.status().message(), "the pins are driven: no fault");
        assertTrue(runtime.status().on());
        assertTrue(chardev[0].take().contains("+200ms ir=1"), "IR on 200 ms after the announcement");
        runtime.stop();
    }

    @Test
    void theRealGpiodProviderOnThisMachineFailsWithAClearMessageAndIsRetried() {
        // Not a Raspberry Pi: Pi4J's gpiod context refuses to pick a chip, and the first pin says so.
        GpioRuntime runtime = runtime(TestSettings.of("provider", "gpiod"), dir.resolve("absent"), this::open);
        runtime.start();
        clock.runDue();
        String message = runtime.status().message();
        assertTrue(message.startsWith("the gpiod provider cannot use GPIO 18 (ir): "), message);
        assertEquals(List.of(), events, "nothing announced: no pin moved");
        clock.advance(GpioRuntime.FIRST_RETRY);
        assertEquals(2, opened.size(), "tried again after 5 s");
        clock.advance(GpioRuntime.FIRST_RETRY.multipliedBy(2));
        assertEquals(3, opened.size(), "then after 10 s");
        runtime.stop();
        clock.advance(Duration.ofMinutes(10));
        assertEquals(3, opened.size(), "and never after stop");
        for (Pi4jPins pins : opened) {
            assertFalse(pins.holds("ir"), "a failed attempt holds no pin");
        }
    }

    @Test
    void chardevWithoutAChipIsAnErrorInTheStatusAndIsRetried() throws IOException {
        List<String> tried = new ArrayList<>();
        GpioRuntime runtime = runtime(TestSettings.of("provider", "chardev"), model("linux,dummy-virt"), kind -> {
            tried.add(kind.label());
            return ChardevPins.open(dir, "");
        });
        runtime.start();
        clock.runDue();
        assertEquals("no GPIO character device (" + dir.resolve("gpiochip*")
                + "): this kernel offers no GPIO chip to programs", runtime.status().message());
        clock.advance(GpioRuntime.FIRST_RETRY);
        assertEquals(List.of("chardev", "chardev"), tried, "tried again after 5 s, never the mock provider");
        runtime.stop();
    }

    @Test
    void stopReleasesEveryPinInactive() {
        GpioRuntime runtime = runtime(TestSettings.of("provider", "mock", "mode", "ON", "irPin", 18,
                "irActiveLow", true, "irCutPin", 23, "ledPin", 17, "lightSensorPin", 25), dir, this::open);
        runtime.start();
        clock.advance(Duration.ofSeconds(3));
        Pi4jPins pins = opened.get(0);
        DigitalOutput ir = pins.pi4j("ir", DigitalOutput.class);
        DigitalOutput led = pins.pi4j("led", DigitalOutput.class);
        DigitalOutput irCut = pins.pi4j("ir-cut", DigitalOutput.class);
        assertEquals(DigitalState.LOW, ir.state(), "IR on, active low");
        runtime.stop();
        for (String name : List.of("ir", "ir-cut", "led", "light-sensor")) {
            assertFalse(pins.holds(name), name + " released");
        }
        assertEquals(DigitalState.HIGH, ir.state(), "IR left off (active low: high)");
        assertEquals(DigitalState.LOW, led.state(), "LED left off");
        assertEquals(DigitalState.LOW, irCut.state(), "filter pin left inactive");
        assertEquals(0, clock.pending(), "nothing left scheduled");
    }

    @Test
    void theLedFollowsEventsAndTheModeCanBeSetFromAnyThread() {
        GpioRuntime runtime = runtime(TestSettings.of("provider", "mock", "mode", "OFF"), dir, this::open);
        runtime.start();
        clock.advance(Duration.ofSeconds(6));
        DigitalOutput led = opened.get(0).pi4j("led", DigitalOutput.class);
        // Running (the camera streams): a heartbeat, lit for 200 ms in two seconds.
        assertEquals(200, litMillis(led, Duration.ofSeconds(2)));
        runtime.recording("front", true);
        clock.runDue();
        assertEquals(1800, litMillis(led, Duration.ofSeconds(2)), "recording");
        runtime.setMode(IlluminationMode.ON);
        clock.advance(Duration.ofSeconds(1));
        assertTrue(runtime.status().on());
        assertEquals(List.of("OFF false", "ON true"), events);
        runtime.stop();
    }

    private long litMillis(DigitalOutput led, Duration duration) {
        long lit = 0;
        for (long ms = 0; ms < duration.toMillis(); ms += 10) {
            clock.advance(Duration.ofMillis(10));
            lit += led.isHigh() ? 10 : 0;
        }
        return lit;
    }
}
