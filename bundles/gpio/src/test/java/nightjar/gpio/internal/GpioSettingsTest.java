package nightjar.gpio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import nightjar.api.illumination.IlluminationMode;

class GpioSettingsTest {
    @Test
    void theDefaultsAreValidAndDecideFromThePicture() {
        GpioSettings settings = TestSettings.of();
        assertEquals(GpioSettings.ProviderSetting.AUTO, settings.provider());
        assertEquals(IlluminationMode.AUTO, settings.mode());
        assertEquals(18, settings.ir().pin());
        assertEquals(17, settings.led().pin());
        assertEquals(-1, settings.irCut().pin());
        assertNull(settings.location());
        assertEquals("scene", settings.autoSource());
        assertEquals(Duration.ofSeconds(2), settings.sceneInterval());
    }

    @Test
    void theSourceIsTheFirstConfiguredOfSensorSunScene() {
        assertEquals("sun", TestSettings.of("latitude", "51.5", "longitude", "-0.13").autoSource());
        assertEquals("sensor", TestSettings.of("latitude", "51.5", "longitude", "-0.13", "lightSensorPin", 25)
                .autoSource());
    }

    @Test
    void aPinUsedTwiceIsRefusedNamingBothKeys() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestSettings.of("irPin", 17, "ledPin", 17));
        assertEquals("ledPin and irPin are both GPIO 17", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TestSettings.of("irCutPin", 23, "irCutPin2", 23));
    }

    @Test
    void nonsenseIsRefusedWithAMessage() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TestSettings.of("irPin", 99)).getMessage()
                .contains("irPin = 99 is not a GPIO number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TestSettings.of("provider", "wiringpi"))
                .getMessage().contains("not one of auto, gpiod, chardev, mock"));
        assertEquals("chip = gpiochip0 is for provider = chardev, not auto", assertThrows(IllegalArgumentException.class,
                () -> TestSettings.of("chip", "gpiochip0")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TestSettings.of("latitude", "51.5"))
                .getMessage().contains("latitude and longitude go together"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> TestSettings.of("latitude", "north", "longitude", "0")).getMessage().contains("not a number"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> TestSettings.of("latitude", "95", "longitude", "0")).getMessage().contains("outside -90 to 90"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> TestSettings.of("nightBelow", 80, "dayAbove", 70)).getMessage().contains("nightBelow < dayAbove"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TestSettings.of("irCutPin2", 24))
                .getMessage().contains("needs irCutPin"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TestSettings.of("sceneIntervalSeconds", 0.1))
                .getMessage().contains("sceneIntervalSeconds"));
    }

    @Test
    void theProviderAndModeAreReadWhateverTheirCase() {
        GpioSettings settings = TestSettings.of("provider", "GPIOD", "mode", "ON");
        assertEquals(GpioSettings.ProviderSetting.GPIOD, settings.provider());
        assertEquals(IlluminationMode.ON, settings.mode());
        GpioSettings chardev = TestSettings.of("provider", "chardev", "chip", " 9030000.pl061 ");
        assertEquals(GpioSettings.ProviderSetting.CHARDEV, chardev.provider());
        assertEquals("9030000.pl061", chardev.chip());
    }
}
