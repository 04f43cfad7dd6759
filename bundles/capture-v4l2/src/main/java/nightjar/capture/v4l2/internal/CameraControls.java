package nightjar.capture.v4l2.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera controls a user can set, from configuration values to V4L2 control ids and values.
 * Values outside a control's range are brought into it; controls a camera lacks are skipped. Each
 * problem is logged and the other controls still apply.
 */
final class CameraControls {
    static final int BRIGHTNESS = 0x0098_0900;
    static final int CONTRAST = 0x0098_0901;
    static final int SATURATION = 0x0098_0902;
    static final int AUTO_WHITE_BALANCE = 0x0098_090c;
    static final int POWER_LINE_FREQUENCY = 0x0098_0918;
    static final int WHITE_BALANCE_TEMPERATURE = 0x0098_091a;
    static final int SHARPNESS = 0x0098_091b;
    static final int EXPOSURE_AUTO = 0x009a_0901;
    static final int EXPOSURE_ABSOLUTE = 0x009a_0902;

    private static final Logger LOG = LoggerFactory.getLogger(CameraControls.class);
    private static final List<String> AUTO_EXPOSURE_MODES =
            List.of("auto", "manual", "shutter-priority", "aperture-priority");
    private static final List<String> POWER_LINE_MODES = List.of("disabled", "50", "60", "auto");

    /** One control to set: which, to what, and the configuration key it came from. */
    record Setting(String key, int id, int value) {
    }

    private CameraControls() {
    }

    /**
     * The settings the configuration asks for, in the order they must be applied (automatic modes
     * before the manual values they govern). Malformed values are logged and left out.
     */
    static List<Setting> parse(String camera, Map<String, String> values) {
        List<Setting> settings = new ArrayList<>();
        String exposure = value(values, "exposure");
        String configuredMode = value(values, "autoExposure");
        // A fixed exposure means nothing while the camera picks its own.
        String autoExposure = !exposure.isEmpty() && configuredMode.isEmpty() ? "manual" : configuredMode;
        String whiteBalance = value(values, "whiteBalance").toLowerCase(Locale.ROOT);
        String autoWhiteBalance = whiteBalance.isEmpty() ? "" : whiteBalance.equals("auto") ? "1" : "0";
        String temperature = whiteBalance.equals("auto") ? "" : whiteBalance;
        add(camera, settings, "autoExposure", EXPOSURE_AUTO, () -> mode("autoExposure", autoExposure, AUTO_EXPOSURE_MODES));
        add(camera, settings, "exposure", EXPOSURE_ABSOLUTE, () -> integer("exposure", exposure));
        add(camera, settings, "whiteBalance", AUTO_WHITE_BALANCE, () -> integer("whiteBalance", autoWhiteBalance));
        add(camera, settings, "whiteBalance", WHITE_BALANCE_TEMPERATURE, () -> integer("whiteBalance", temperature));
        for (String key : List.of("brightness", "contrast", "saturation", "sharpness")) {
            int id = switch (key) {
                case "brightness" -> BRIGHTNESS;
                case "contrast" -> CONTRAST;
                case "saturation" -> SATURATION;
                default -> SHARPNESS;
            };
            add(camera, settings, key, id, () -> integer(key, value(values, key)));
        }
        add(camera, settings, "powerLineFrequency", POWER_LINE_FREQUENCY,
                () -> mode("powerLineFrequency", value(values, "powerLineFrequency"), POWER_LINE_MODES));
        return settings;
    }

    /** Adds a setting unless its value is null (empty); a malformed value is logged and left out. */
    private static void add(String camera, List<Setting> settings, String key, int id,
            Supplier<@Nullable Integer> value) {
        try {
            Integer parsed = value.get();
            if (parsed != null) {
                settings.add(new Setting(key, id, parsed));
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("Camera {}: {}; that control is left as the camera has it", camera, e.getMessage());
        }
    }

    /** Sets each control on the device, within its range; problems are logged, not thrown. */
    static void apply(String camera, VideoDevice device, List<Setting> settings) throws V4l2Exception {
        for (Setting setting : settings) {
            VideoDevice.ControlInfo info = device.queryControl(setting.id());
            if (info == null) {
                LOG.info("Camera {}: {} has no {} control; {} is ignored", camera, device.path(), setting.key(),
                        setting.key());
                continue;
            }
            int value = setting.value();
            if (value < info.minimum() || value > info.maximum()) {
                int clamped = Math.max(info.minimum(), Math.min(info.maximum(), value));
                LOG.warn("Camera {}: {} {} is outside the camera's range {} to {}; using {}", camera, setting.key(),
                        value, info.minimum(), info.maximum(), clamped);
                value = clamped;
            }
            try {
                device.setControl(setting.id(), value);
            } catch (V4l2Exception e) {
                if (e.deviceGone()) {
                    throw e;
                }
                LOG.warn("Camera {}: could not set {} to {}: {}", camera, setting.key(), value, e.getMessage());
            }
        }
    }

    private static String value(Map<String, String> values, String key) {
        String value = values.get(key);
        return value == null ? "" : value.trim();
    }

    private static @Nullable Integer integer(String key, String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number or empty, was '" + text + "'");
        }
    }

    private static @Nullable Integer mode(String key, String text, List<String> modes) {
        if (text.isEmpty()) {
            return null;
        }
        int index = modes.indexOf(text.toLowerCase(Locale.ROOT));
        if (index < 0) {
            throw new IllegalArgumentException(key + " must be one of " + String.join(", ", modes) + " or empty, was '"
                    + text + "'");
        }
        return index;
    }
}
