package nightjar.camera.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;

import nightjar.api.capture.CaptureSettings;

/** What a camera's configuration says, checked: whether it is valid, and what it asks of a capture. */
final class CameraSettings {
    private CameraSettings() {
    }

    static boolean usesDriver(CameraConfig config) {
        String kind = config.source().trim();
        return kind.equals("auto") || kind.startsWith("/dev/");
    }

    /** Whether two configurations differ at most in camera controls (and names), which apply live. */
    static boolean sameCapture(CameraConfig a, CameraConfig b) {
        return a.source().trim().equals(b.source().trim()) && a.width() == b.width() && a.height() == b.height()
                && a.fps() == b.fps() && a.quality() == b.quality() && a.format().equals(b.format());
    }

    static CaptureSettings settings(CameraConfig config) {
        return new CaptureSettings(config.source().trim(), config.width(), config.height(), config.fps(),
                config.format().trim(), config.quality(), controls(config));
    }

    static Map<String, String> controls(CameraConfig config) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("brightness", config.brightness());
        values.put("contrast", config.contrast());
        values.put("saturation", config.saturation());
        values.put("sharpness", config.sharpness());
        values.put("autoExposure", config.autoExposure());
        values.put("exposure", config.exposure());
        values.put("whiteBalance", config.whiteBalance());
        values.put("powerLineFrequency", config.powerLineFrequency());
        return values;
    }

    /** Whether the source is an MJPEG stream's URL (the scheme in any case, as URLs allow). */
    static boolean isHttp(String source) {
        String lower = source.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    /** Whether the source is a network camera's RTSP URL (the scheme in any case). */
    static boolean isRtsp(String source) {
        String lower = source.toLowerCase(Locale.ROOT);
        return lower.startsWith("rtsp://") || lower.startsWith("rtsps://");
    }

    static boolean isLibcamera(String source) {
        return source.equals("libcamera") || source.startsWith("libcamera:");
    }

    /** What follows {@code libcamera:} (empty for the first camera). */
    static String libcameraName(String source) {
        return source.startsWith("libcamera:") ? source.substring("libcamera:".length()).trim() : "";
    }

    /**
     * What is wrong with a configuration, naming each bad key with its value and what it may be, or
     * null when it is valid. {@code properties} gives the values as written, for the message.
     */
    static @Nullable String problem(CameraConfig config, Map<String, Object> properties) {
        List<String> problems = new ArrayList<>();
        range(problems, "width", config::width, 16, 4096, properties);
        range(problems, "height", config::height, 16, 4096, properties);
        range(problems, "fps", config::fps, 1, 60, properties);
        range(problems, "quality", config::quality, 1, 100, properties);
        String source = config.source().trim();
        // A password written into a URL stays out of the message (the camera's message reaches its viewers).
        String shown = RtspCommand.withoutUserInfo(source);
        if (isHttp(source)) {
            try {
                if (new URI(source).getHost() == null) {
                    problems.add("source = " + shown + ": the URL has no host");
                }
            } catch (URISyntaxException e) {
                problems.add("source = " + shown + ": not a valid URL (" + e.getReason() + ")");
            }
            try {
                RemoteMjpegSource.parseFingerprint(config.trustFingerprint());
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        } else if (isRtsp(source)) {
            String wrong = RtspCommand.problem(source);
            if (wrong != null) {
                problems.add(wrong);
            }
            try {
                RemoteMjpegSource.parseFingerprint(config.trustFingerprint());
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        } else if (isLibcamera(source)) {
            try {
                LibcameraCommand.of(libcameraName(source), settings(config),
                        ProcessSource.installed(LibcameraCommand.RPICAM_VID, Map.of()));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        } else if (source.startsWith("/dev/")) {
            if (source.contains("/../") || source.endsWith("/..")) {
                problems.add("source = " + source + ": not a device path");
            }
        } else if (!source.equals("auto") && !source.equals("synthetic")) {
            problems.add("source = " + shown + ": must be auto, synthetic, a device such as /dev/video0, "
                    + "libcamera (or libcamera:<index>), an http(s):// MJPEG URL or an rtsp(s):// URL");
        }
        if (!List.of("auto", "mjpeg", "yuyv").contains(config.format().trim())) {
            problems.add("format = " + config.format() + ": must be auto, mjpeg or yuyv");
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private static void range(List<String> problems, String key, IntSupplier value, int min, int max,
            Map<String, Object> properties) {
        int number;
        try {
            number = value.getAsInt();
        } catch (RuntimeException notANumber) {
            problems.add(key + " = " + properties.get(key) + ": must be a whole number from " + min + " to " + max);
            return;
        }
        if (number < min || number > max) {
            problems.add(key + " = " + number + ": must be " + min + " to " + max);
        }
    }
}
