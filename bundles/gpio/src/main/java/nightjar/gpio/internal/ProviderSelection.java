package nightjar.gpio.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * What drives the pins. {@code auto} takes gpiod on a Raspberry Pi (every model,
 * the Pi 5's RP1 included, has its pins on a GPIO character device) and the mock provider anywhere
 * else; the board is recognised by the device tree's model string, as the kernel names it.
 */
final class ProviderSelection {
    /** Where Linux names the board. */
    static final Path DEVICE_TREE_MODEL = Path.of("/proc/device-tree/model");

    /**
     * @param kind the provider to start
     * @param mayFallBack whether a failure of gpiod falls back to chardev, then mock (auto), or is an error
     *     (a provider asked for by name)
     * @param reason why, for the log
     */
    record Choice(PinsProvider kind, boolean mayFallBack, String reason) {
    }

    private ProviderSelection() {
    }

    static Choice choose(GpioSettings.ProviderSetting setting, Path modelFile) {
        return switch (setting) {
            case MOCK -> new Choice(PinsProvider.MOCK, false, "provider = mock: no pin is driven");
            case GPIOD -> new Choice(PinsProvider.GPIOD, false, "provider = gpiod");
            case CHARDEV -> new Choice(PinsProvider.CHARDEV, false, "provider = chardev");
            case AUTO -> {
                String model = boardModel(modelFile);
                yield model != null && model.startsWith("Raspberry Pi")
                        ? new Choice(PinsProvider.GPIOD, true, "provider = auto on a " + model)
                        : new Choice(PinsProvider.MOCK, false, "provider = auto, and this is not a Raspberry Pi ("
                                + (model == null ? "no " + modelFile : model) + "): the mock provider, no pin is driven");
            }
        };
    }

    /** The device tree's model string without its terminating NUL, or null where there is none. */
    static @Nullable String boardModel(Path modelFile) {
        try {
            String model = new String(Files.readAllBytes(modelFile), StandardCharsets.UTF_8);
            int nul = model.indexOf('\0');
            model = (nul >= 0 ? model.substring(0, nul) : model).trim();
            return model.isEmpty() ? null : model;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
