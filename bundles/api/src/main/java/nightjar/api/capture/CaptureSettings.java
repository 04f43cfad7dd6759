package nightjar.api.capture;

import java.util.Map;
import java.util.Objects;

/**
 * What a camera asks of a capture device.
 *
 * @param device a device path ({@code /dev/video0}, {@code /dev/v4l/by-id/...}) or {@code auto}: the
 *        first capture device, looked for again whenever the capture (re)opens
 * @param width wanted width; the nearest the device offers is used
 * @param height wanted height
 * @param fps wanted frames per second; frames beyond it are skipped
 * @param format {@code auto} (MJPEG when offered, else YUYV), {@code mjpeg} or {@code yuyv}
 * @param quality JPEG quality (1-100) for devices that deliver uncompressed pictures
 * @param controls camera control values by name ({@code brightness}, {@code contrast},
 *        {@code saturation}, {@code sharpness}, {@code autoExposure}, {@code exposure},
 *        {@code whiteBalance}, {@code powerLineFrequency}); an empty value leaves the camera's own
 */
public record CaptureSettings(String device, int width, int height, int fps, String format, int quality,
        Map<String, String> controls) {
    public CaptureSettings {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(format, "format");
        controls = Map.copyOf(controls);
    }
}
