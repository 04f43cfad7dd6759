package nightjar.camera.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nightjar.api.capture.CaptureSettings;

class LibcameraCommandTest {
    @Test
    void rpicamVidWritesMjpegAtTheCamerasSizeRateAndQualityToItsStandardOutput() {
        ProcessSource.Command command = LibcameraCommand.of("", settings(Map.of()), true);
        assertEquals(List.of("rpicam-vid", "--nopreview", "--timeout", "0", "--codec", "mjpeg", "--quality", "80",
                "--width", "640", "--height", "480", "--framerate", "15", "--output", "-"), command.arguments());
        assertEquals(ProcessSource.Output.JPEG, command.output());
        assertEquals("rpicam-vid", command.program());
    }

    @Test
    void theControlsBecomeRpicamVidsOptions() {
        Map<String, String> controls = new LinkedHashMap<>();
        controls.put("brightness", "0.25");
        controls.put("contrast", "1.5");
        controls.put("saturation", "0");
        controls.put("sharpness", "2");
        controls.put("exposure", "100");
        controls.put("whiteBalance", "3100");
        controls.put("powerLineFrequency", "50");
        controls.put("autoExposure", "");
        List<String> arguments = LibcameraCommand.of("1", settings(controls), true).arguments();
        assertEquals(List.of("--camera", "1", "--brightness", "0.25", "--contrast", "1.5", "--saturation", "0",
                "--sharpness", "2", "--shutter", "10000", "--awb", "tungsten", "--flicker-period", "10000us",
                "--output", "-"), arguments.subList(14, arguments.size()));
    }

    @Test
    void aColourTemperaturePicksTheNearestWhiteBalanceMode() {
        assertEquals("auto", LibcameraCommand.whiteBalanceMode("AUTO"));
        assertEquals("incandescent", LibcameraCommand.whiteBalanceMode("2600"));
        assertEquals("fluorescent", LibcameraCommand.whiteBalanceMode("4500"));
        assertEquals("daylight", LibcameraCommand.whiteBalanceMode("6500"));
        assertEquals("cloudy", LibcameraCommand.whiteBalanceMode("9000"));
        assertEquals("whiteBalance = warm: auto, or a colour temperature in kelvin (1000 to 20000)",
                assertThrows(IllegalArgumentException.class, () -> LibcameraCommand.whiteBalanceMode("warm"))
                        .getMessage());
    }

    @Test
    void aValueOutsideLibcamerasScaleIsRefusedSayingWhich() {
        // A V4L2 device's brightness of 128 means nothing to libcamera, whose scale is -1 to 1.
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> LibcameraCommand.of("", settings(Map.of("brightness", "128")), true));
        assertEquals("brightness = 128: a libcamera camera takes a number from -1 to 1", refused.getMessage());
        assertEquals("source = libcamera:/base/imx708: rpicam-vid names cameras by their index (libcamera:0, "
                + "libcamera:1; bin/nightjar --list-cameras lists them)", assertThrows(IllegalArgumentException.class,
                        () -> LibcameraCommand.of("/base/imx708", settings(Map.of()), true)).getMessage());
    }

    @Test
    void withoutRpicamVidGstreamersLibcamerasrcCapturesAndJpegencEncodes() {
        List<String> arguments = LibcameraCommand.of("/base/soc/i2c0mux/i2c@1/imx708@1a",
                settings(Map.of("brightness", "-0.5", "contrast", "3", "sharpness", "2")), false).arguments();
        assertEquals(List.of("gst-launch-1.0", "-q", "libcamerasrc", "camera-name=/base/soc/i2c0mux/i2c@1/imx708@1a",
                "!", "video/x-raw,width=640,height=480,framerate=15/1", "!", "videorate", "drop-only=true", "max-rate=15",
                "!", "videoconvert", "!", "videobalance",
                "brightness=-0.5", "contrast=2.0", "!", "jpegenc", "quality=80", "!", "fdsink", "fd=1"), arguments);
        assertEquals(List.of("gst-launch-1.0", "-q", "libcamerasrc", "!",
                "video/x-raw,width=640,height=480,framerate=15/1", "!", "videorate", "drop-only=true", "max-rate=15", "!",
                "videoconvert", "!", "jpegenc", "quality=80",
                "!", "fdsink", "fd=1"), LibcameraCommand.of("0", settings(Map.of()), false).arguments());
        assertThrows(IllegalArgumentException.class, () -> LibcameraCommand.of("1", settings(Map.of()), false));
        assertThrows(IllegalArgumentException.class, () -> LibcameraCommand.of("imx708 ! filesink location=/tmp/x",
                settings(Map.of()), false), "a name cannot add to GStreamer's pipeline");
    }

    private static CaptureSettings settings(Map<String, String> controls) {
        return new CaptureSettings("libcamera", 640, 480, 15, "auto", 80, controls);
    }

    @Test
    void aCameraListNamesACameraOrSaysThereIsNone() {
        assertEquals(true, LibcameraCommand.listsCamera("Available cameras\n-----------------\n"
                + "0 : imx708 [4608x2592 10-bit RGGB] (/base/soc/i2c0mux/i2c@1/imx708@1a)\n"
                + "    Modes: 'SRGGB10_CSI2P' : 1536x864 [120.13 fps - (768, 432)/3072x1728 crop]\n"));
        assertEquals(true, LibcameraCommand.listsCamera("Available cameras:\n1: 'imx219' (/base/soc/i2c0mux/i2c@1/imx219@10)\n"));
        assertEquals(false, LibcameraCommand.listsCamera("No cameras available!\n"));
        assertEquals(false, LibcameraCommand.listsCamera(""));
    }
}
