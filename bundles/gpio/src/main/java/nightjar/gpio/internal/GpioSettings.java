package nightjar.gpio.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import nightjar.api.illumination.IlluminationMode;

/**
 * The checked configuration: every value in range, no pin used twice, latitude and longitude both or
 * neither. {@link #of} throws {@link IllegalArgumentException} with a message for the log.
 */
record GpioSettings(ProviderSetting provider, String chip, IlluminationMode mode, PinSetting ir, PinSetting irCut,
        PinSetting irCut2, Duration irCutPulse, PinSetting lightSensor, PinSetting led, @Nullable Location location,
        double sunElevation, String camera, int nightBelow, int dayAbove, Duration hold, Duration sceneInterval) {

    static final int MAX_PIN = 63;

    enum ProviderSetting {
        AUTO,
        GPIOD,
        CHARDEV,
        MOCK
    }

    /** A pin and its polarity; pin -1 is none. */
    record PinSetting(int pin, boolean activeLow) {
        static final PinSetting NONE = new PinSetting(-1, false);

        boolean present() {
            return pin >= 0;
        }
    }

    record Location(double latitude, double longitude) {
    }

    static GpioSettings of(GpioConfig config) {
        ProviderSetting provider = switch (config.provider().trim().toLowerCase(Locale.ROOT)) {
            case "auto", "" -> ProviderSetting.AUTO;
            case "gpiod" -> ProviderSetting.GPIOD;
            case "chardev" -> ProviderSetting.CHARDEV;
            case "mock" -> ProviderSetting.MOCK;
            default -> throw new IllegalArgumentException("provider '" + config.provider()
                    + "' is not one of auto, gpiod, chardev, mock");
        };
        String chip = config.chip().trim();
        if (!chip.isEmpty() && provider != ProviderSetting.CHARDEV) {
            throw new IllegalArgumentException("chip = " + chip + " is for provider = chardev, not " + config.provider());
        }
        Map<String, Integer> pins = new LinkedHashMap<>();
        PinSetting ir = pin(pins, "irPin", config.irPin(), config.irActiveLow());
        PinSetting irCut = pin(pins, "irCutPin", config.irCutPin(), config.irCutActiveLow());
        PinSetting irCut2 = pin(pins, "irCutPin2", config.irCutPin2(), config.irCutActiveLow());
        if (irCut2.present() && !irCut.present()) {
            throw new IllegalArgumentException("irCutPin2 = " + irCut2.pin() + " needs irCutPin as well");
        }
        PinSetting sensor = pin(pins, "lightSensorPin", config.lightSensorPin(), config.lightSensorActiveLow());
        PinSetting led = pin(pins, "ledPin", config.ledPin(), config.ledActiveLow());
        int pulse = config.irCutPulseMillis();
        if (pulse < 10 || pulse > 2000) {
            throw new IllegalArgumentException("irCutPulseMillis = " + pulse + " is outside 10 to 2000");
        }
        Location location = location(config.latitude(), config.longitude());
        double elevation = config.sunElevation();
        if (!(elevation >= -18 && elevation <= 10)) {
            throw new IllegalArgumentException("sunElevation = " + elevation + " is outside -18 to 10 degrees");
        }
        if (config.nightBelow() < 1 || config.dayAbove() > 255 || config.nightBelow() >= config.dayAbove()) {
            throw new IllegalArgumentException("nightBelow = " + config.nightBelow() + " and dayAbove = "
                    + config.dayAbove() + " must satisfy 1 <= nightBelow < dayAbove <= 255");
        }
        if (config.holdSeconds() < 0 || config.holdSeconds() > 86_400) {
            throw new IllegalArgumentException("holdSeconds = " + config.holdSeconds() + " is outside 0 to 86400");
        }
        double interval = config.sceneIntervalSeconds();
        if (!(interval >= 0.5 && interval <= 60)) {
            throw new IllegalArgumentException("sceneIntervalSeconds = " + interval + " is outside 0.5 to 60");
        }
        return new GpioSettings(provider, chip, config.mode(), ir, irCut, irCut2, Duration.ofMillis(pulse), sensor, led,
                location, elevation, config.camera().trim(), config.nightBelow(), config.dayAbove(),
                Duration.ofSeconds(config.holdSeconds()), Duration.ofMillis(Math.round(interval * 1000)));
    }

    private static PinSetting pin(Map<String, Integer> used, String key, int pin, boolean activeLow) {
        if (pin == -1) {
            return PinSetting.NONE;
        }
        if (pin < 0 || pin > MAX_PIN) {
            throw new IllegalArgumentException(key + " = " + pin + " is not a GPIO number (0 to " + MAX_PIN
                    + ", or -1 for none)");
        }
        for (Map.Entry<String, Integer> other : used.entrySet()) {
            if (other.getValue() == pin) {
                throw new IllegalArgumentException(key + " and " + other.getKey() + " are both GPIO " + pin);
            }
        }
        used.put(key, pin);
        return new PinSetting(pin, activeLow);
    }

    private static @Nullable Location location(String latitude, String longitude) {
        String lat = latitude.trim();
        String lon = longitude.trim();
        if (lat.isEmpty() && lon.isEmpty()) {
            return null;
        }
        if (lat.isEmpty() || lon.isEmpty()) {
            throw new IllegalArgumentException("latitude and longitude go together; only "
                    + (lat.isEmpty() ? "longitude" : "latitude") + " is set");
        }
        double north = degrees("latitude", lat, 90);
        double east = degrees("longitude", lon, 180);
        return new Location(north, east);
    }

    private static double degrees(String key, String text, double limit) {
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = '" + text + "' is not a number of degrees", e);
        }
        if (!(Math.abs(value) <= limit)) {
            throw new IllegalArgumentException(key + " = " + text + " is outside -" + (int) limit + " to "
                    + (int) limit + " degrees");
        }
        return value;
    }

    /** What AUTO decides from, the first configured of: the light sensor, the sun, the picture. */
    String autoSource() {
        return lightSensor.present() ? "sensor" : location != null ? "sun" : "scene";
    }
}
