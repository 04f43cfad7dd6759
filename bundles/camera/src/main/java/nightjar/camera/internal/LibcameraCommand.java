package nightjar.camera.internal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import nightjar.api.capture.CaptureSettings;

/**
 * The child process that captures from a libcamera camera (a Raspberry Pi camera module on Raspberry Pi
 * OS): {@code rpicam-vid} where it is installed, writing MJPEG, else GStreamer's {@code libcamerasrc}
 * through {@code gst-launch-1.0} with {@code jpegenc}. The camera's settings become the program's options.
 *
 * <p>Camera controls are in libcamera's own scale, not a V4L2 device's: brightness -1 to 1 (0 is
 * neutral), contrast and saturation 0 to 32 and sharpness 0 to 16 (1 is neutral), exposure in units of
 * 100 µs, white balance {@code auto} or a colour temperature, which picks the nearest of rpicam-vid's
 * modes. GStreamer's libcamerasrc (libcamera 0.4) takes no controls: brightness, contrast and saturation
 * are then applied by {@code videobalance} after capture, and the others are not available.
 */
final class LibcameraCommand {
    static final String RPICAM_VID = "rpicam-vid";
    static final String GST_LAUNCH = "gst-launch-1.0";

    /** rpicam-vid's white balance modes, by the middle of their colour temperature range (kelvin), warmest first. */
    private static final int[] MODE_KELVIN = {2750, 3250, 4350, 6000, 7750};
    private static final String[] MODES = {"incandescent", "tungsten", "fluorescent", "daylight", "cloudy"};

    private LibcameraCommand() {
    }

    /** Whether a program that captures from libcamera is installed. */
    static boolean installed() {
        return ProcessSource.installed(RPICAM_VID, Map.of()) || ProcessSource.installed(GST_LAUNCH, Map.of());
    }

    /**
     * Whether libcamera sees a camera, as {@code rpicam-vid --list-cameras} (or libcamera's {@code cam
     * --list}) says; false when neither is installed or it does not answer within a few seconds.
     */
    static boolean hasCamera() {
        List<String> list;
        if (ProcessSource.installed(RPICAM_VID, Map.of())) {
            list = List.of(RPICAM_VID, "--list-cameras");
        } else if (ProcessSource.installed("cam", Map.of())) {
            list = List.of("cam", "--list");
        } else {
            return false;
        }
        try {
            Process process = new ProcessBuilder(list).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            // The list is a few lines, well within the pipe's buffer: read once the program has ended.
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return listsCamera(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Whether a camera list names a camera: a line {@code 0 : imx708 …} (rpicam-vid) or {@code 1: 'imx219' …}
     * (cam).
     */
    static boolean listsCamera(String list) {
        return list.lines().anyMatch(line -> line.strip().matches("\\d+\\s*:\\s*\\S.*"));
    }

    /**
     * The command for the camera.
     *
     * @param camera the part of {@code source} after {@code libcamera:}: empty for the first camera, an
     *        index for rpicam-vid, or a libcamera camera id for GStreamer
     * @param rpicamVid whether rpicam-vid is installed (else GStreamer is used)
     * @throws IllegalArgumentException when a setting cannot be given to the program, saying which
     */
    static ProcessSource.Command of(String camera, CaptureSettings settings, boolean rpicamVid) {
        List<String> arguments = rpicamVid ? rpicamVid(camera, settings) : gstreamer(camera, settings);
        return new ProcessSource.Command(arguments, Map.of(), ProcessSource.Output.JPEG, settings.width(),
                settings.height(), settings.quality());
    }

    private static List<String> rpicamVid(String camera, CaptureSettings settings) {
        List<String> arguments = new ArrayList<>(List.of(RPICAM_VID, "--nopreview", "--timeout", "0", "--codec",
                "mjpeg", "--quality", Integer.toString(settings.quality()), "--width",
                Integer.toString(settings.width()), "--height", Integer.toString(settings.height()), "--framerate",
                Integer.toString(settings.fps())));
        if (!camera.isEmpty()) {
            if (!camera.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("source = libcamera:" + camera
                        + ": rpicam-vid names cameras by their index (libcamera:0, libcamera:1; bin/nightjar "
                        + "--list-cameras lists them)");
            }
            arguments.addAll(List.of("--camera", camera));
        }
        Map<String, String> controls = settings.controls();
        number(controls, "brightness", -1, 1).ifPresent(v -> arguments.addAll(List.of("--brightness", v)));
        number(controls, "contrast", 0, 32).ifPresent(v -> arguments.addAll(List.of("--contrast", v)));
        number(controls, "saturation", 0, 32).ifPresent(v -> arguments.addAll(List.of("--saturation", v)));
        number(controls, "sharpness", 0, 16).ifPresent(v -> arguments.addAll(List.of("--sharpness", v)));
        number(controls, "exposure", 1, 10_000_000).ifPresent(v -> arguments.addAll(List.of("--shutter",
                Long.toString(Math.round(Double.parseDouble(v) * 100)))));
        String whiteBalance = controls.getOrDefault("whiteBalance", "").trim();
        if (!whiteBalance.isEmpty()) {
            arguments.addAll(List.of("--awb", whiteBalanceMode(whiteBalance)));
        }
        String mains = controls.getOrDefault("powerLineFrequency", "").trim();
        if (mains.equals("50") || mains.equals("60")) {
            // Exposure in whole periods of the light's flicker (twice the mains frequency).
            arguments.addAll(List.of("--flicker-period", mains.equals("50") ? "10000us" : "8333us"));
        }
        arguments.addAll(List.of("--output", "-"));
        return arguments;
    }

    private static List<String> gstreamer(String camera, CaptureSettings settings) {
        List<String> arguments = new ArrayList<>(List.of(GST_LAUNCH, "-q", "libcamerasrc"));
        if (!camera.isEmpty() && !camera.equals("0")) {
            if (camera.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("source = libcamera:" + camera
                        + ": without rpicam-vid, name the camera by its libcamera id (bin/nightjar --list-cameras)");
            }
            // gst-launch parses its arguments as a pipeline: a name with quotes, '!' or ',' would change it.
            if (!camera.matches("[A-Za-z0-9_/@.:+-]+")) {
                throw new IllegalArgumentException("source = libcamera:" + camera
                        + ": not a libcamera camera id (bin/nightjar --list-cameras lists them)");
            }
            arguments.add("camera-name=" + camera);
        }
        // A camera may deliver faster than it was asked to (libcamera's virtual camera ignores the rate): videorate
        // drops what comes early, before any conversion work is spent on it.
        arguments.addAll(List.of("!", "video/x-raw,width=" + settings.width() + ",height=" + settings.height()
                + ",framerate=" + settings.fps() + "/1", "!", "videorate", "drop-only=true", "max-rate=" + settings.fps(),
                "!", "videoconvert"));
        Map<String, String> controls = settings.controls();
        List<String> balance = new ArrayList<>();
        number(controls, "brightness", -1, 1).ifPresent(v -> balance.add("brightness=" + v));
        number(controls, "contrast", 0, 32).ifPresent(v -> balance.add("contrast=" + Math.min(2,
                Double.parseDouble(v))));
        number(controls, "saturation", 0, 32).ifPresent(v -> balance.add("saturation=" + Math.min(2,
                Double.parseDouble(v))));
        if (!balance.isEmpty()) {
            arguments.addAll(List.of("!", "videobalance"));
            arguments.addAll(balance);
        }
        arguments.addAll(List.of("!", "jpegenc", "quality=" + settings.quality(), "!", "fdsink", "fd=1"));
        return arguments;
    }

    /** A control's value when set, checked against its range; a message naming it when it is not a number in it. */
    private static Optional<String> number(Map<String, String> controls, String name, double min,
            double max) {
        String value = controls.getOrDefault(name, "").trim();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        double number;
        try {
            number = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            number = Double.NaN;
        }
        if (!(number >= min && number <= max)) {
            throw new IllegalArgumentException(name + " = " + value + ": a libcamera camera takes a number from "
                    + format(min) + " to " + format(max));
        }
        return Optional.of(format(number));
    }

    private static String format(double number) {
        return number == Math.rint(number) ? Long.toString((long) number) : String.format(Locale.ROOT, "%s", number);
    }

    /** {@code auto}, or the mode whose colour temperature is nearest the kelvin given. */
    static String whiteBalanceMode(String value) {
        if (value.equalsIgnoreCase("auto")) {
            return "auto";
        }
        int kelvin;
        try {
            kelvin = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            kelvin = -1;
        }
        if (kelvin < 1000 || kelvin > 20_000) {
            throw new IllegalArgumentException("whiteBalance = " + value
                    + ": auto, or a colour temperature in kelvin (1000 to 20000)");
        }
        int nearest = 0;
        for (int i = 1; i < MODES.length; i++) {
            if (Math.abs(MODE_KELVIN[i] - kelvin) < Math.abs(MODE_KELVIN[nearest] - kelvin)) {
                nearest = i;
            }
        }
        return MODES[nearest];
    }
}
