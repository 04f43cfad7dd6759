package nightjar.camera.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

class CameraComponentTest {
    private static CameraComponent.Config config(Map<String, Object> properties) {
        return Converters.standardConverter().convert(properties).to(CameraComponent.Config.class);
    }

    @Test
    void theCameraIdIsTheFactoryConfigurationName() {
        assertEquals("front", CameraComponent.cameraId("nightjar.camera~front"));
        assertEquals("back_yard-2", CameraComponent.cameraId("nightjar.camera~back_yard-2"));
        // Configurations made in the web console get a generated name.
        assertEquals("1b2c3d4e", CameraComponent.cameraId("nightjar.camera.1b2c3d4e"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CameraComponent.cameraId("nightjar.camera~../etc"));
        assertTrue(e.getMessage().contains("must be 1 to 32 letters"), e.getMessage());
    }

    @Test
    void defaultsAreAValidSyntheticCamera() {
        CameraComponent.Config defaults = config(Map.of());
        CameraComponent.validate(defaults);
        assertEquals("auto", defaults.source());
        assertEquals(640, defaults.width());
        assertEquals(480, defaults.height());
        assertEquals(15, defaults.fps());
    }

    @Test
    void refusesInconsistentSettingsWithClearMessages() {
        assertEquals("fps must be between 1 and 60, was 0", assertThrows(IllegalArgumentException.class,
                () -> CameraComponent.validate(config(Map.of("fps", 0)))).getMessage());
        assertEquals("width must be between 16 and 4096, was 99999", assertThrows(IllegalArgumentException.class,
                () -> CameraComponent.validate(config(Map.of("width", 99999)))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> CameraComponent.validate(config(Map.of("source", "video0")))).getMessage()
                .contains("a device such as /dev/video0"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> CameraComponent.validate(config(Map.of("source", "/dev/../etc/passwd")))).getMessage()
                .contains("not a device path"));
        assertEquals("format must be auto, mjpeg or yuyv, was 'h264'", assertThrows(IllegalArgumentException.class,
                () -> CameraComponent.validate(config(Map.of("format", "h264")))).getMessage());
        CameraComponent.validate(config(Map.of("source", "/dev/v4l/by-id/usb-Logitech_C270-video-index0",
                "format", "yuyv")));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> CameraComponent.validate(config(Map.of("source", "http://")))).getMessage()
                .contains("source"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CameraComponent.validate(
                config(Map.of("source", "https://cam.example/stream", "trustFingerprint", "12:34"))))
                .getMessage().contains("64 hex digits"));
        CameraComponent.validate(config(Map.of("source", "https://cam.example/?action=stream")));
    }
}
