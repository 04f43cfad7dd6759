package nightjar.capture.v4l2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import nightjar.api.camera.CameraState;
import nightjar.api.capture.CaptureSettings;
import nightjar.codec.jpeg.JpegEncoder;
import nightjar.codec.jpeg.Sampling;
import nightjar.codec.jpeg.YCbCrImage;

import nightjar.posix.Posix;

import nightjar.api.capture.testing.RecordingSink;

/** The capture's state machine against fake devices: what a user sees when things go wrong. */
class V4l2CaptureTest {
    private static final V4l2Capture.Timing FAST = new V4l2Capture.Timing(20, 300);
    private final FakeDevices devices = new FakeDevices();
    private final RecordingSink sink = new RecordingSink();
    private V4l2Capture capture;

    @AfterEach
    void close() {
        if (capture != null) {
            capture.close();
        }
    }

    private void start(String device, int width, int height, String format, Map<String, String> controls) {
        capture = new V4l2Capture("test", new CaptureSettings(device, width, height, 15, format, 90, controls),
                devices, sink, FAST);
        capture.start();
    }

    /** A YUYV picture of one colour, in V4L2's limited range. */
    private static byte[] yuyv(int width, int height, int y, int cb, int cr) {
        byte[] picture = new byte[width * height * 2];
        for (int i = 0; i < picture.length; i += 4) {
            picture[i] = (byte) y;
            picture[i + 1] = (byte) cb;
            picture[i + 2] = (byte) y;
            picture[i + 3] = (byte) cr;
        }
        return picture;
    }

    private boolean said(CameraState state, String text) {
        return sink.states.stream().anyMatch(s -> s.state() == state && s.message().contains(text));
    }

    @Test
    void encodesYuyvFramesToJpegsOfTheNegotiatedSize() throws Exception {
        FakeDevices.Node node = devices.add("/dev/video0");
        // BT.601 limited-range red.
        node.picture = yuyv(320, 240, 81, 90, 240);
        start("/dev/video0", 320, 240, "auto", Map.of());
        RecordingSink.await("frames", () -> sink.pictures.size() >= 3);
        RecordingSink.Picture picture = sink.pictures.get(0);
        assertEquals(320, picture.width());
        assertEquals(240, picture.height());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(picture.jpeg()));
        assertEquals(320, image.getWidth());
        int rgb = image.getRGB(160, 120);
        assertTrue((rgb >> 16 & 0xFF) > 230 && (rgb >> 8 & 0xFF) < 25 && (rgb & 0xFF) < 25,
                "red, was " + Integer.toHexString(rgb));
        assertEquals(new VideoDevice.Fraction(1, 15), node.interval);
    }

    @Test
    void passesMotionJpegThroughAddingHuffmanTablesAndTrimmingPadding() throws Exception {
        FakeDevices.Node node = devices.add("/dev/video0");
        node.formats = List.of(new VideoDevice.PixelFormat(VideoDevice.YUYV, "YUYV"),
                new VideoDevice.PixelFormat(VideoDevice.MJPG, "Motion-JPEG"));
        byte[] withTables = grey(320, 240);
        byte[] webcamStyle = withoutHuffmanTables(withTables);
        byte[] padded = Arrays.copyOf(webcamStyle, webcamStyle.length + 1000);
        node.picture = padded;
        start("/dev/video0", 320, 240, "auto", Map.of());
        RecordingSink.await("frames", () -> sink.pictures.size() >= 2);
        byte[] delivered = sink.pictures.get(0).jpeg();
        assertEquals(VideoDevice.MJPG, node.negotiated.pixelFormat());
        assertTrue(delivered.length > webcamStyle.length, "tables inserted");
        assertEquals((byte) 0xD9, delivered[delivered.length - 1], "padding trimmed");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(delivered));
        assertEquals(320, image.getWidth());
    }

    @Test
    void skipsAndCountsDamagedFramesWithoutStopping() throws Exception {
        FakeDevices.Node node = devices.add("/dev/video0");
        node.formats = List.of(new VideoDevice.PixelFormat(VideoDevice.MJPG, "Motion-JPEG"));
        node.picture = new byte[] {1, 2, 3, 4, 5, 6, 7, 8};
        start("/dev/video0", 320, 240, "auto", Map.of());
        RecordingSink.await("damaged frames counted", () -> capture.corruptFrames() >= 3);
        assertEquals(0, sink.pictures.size());
        node.picture = grey(320, 240);
        RecordingSink.await("good frames after damaged ones", () -> sink.pictures.size() >= 2);
    }

    @Test
    void truncatedYuyvFramesAreSkipped() throws Exception {
        FakeDevices.Node node = devices.add("/dev/video0");
        node.picture = yuyv(320, 240, 128, 128, 128);
        node.bytesUsed = 1000;
        start("/dev/video0", 320, 240, "yuyv", Map.of());
        RecordingSink.await("damaged frames counted", () -> capture.corruptFrames() >= 3);
        assertEquals(0, sink.pictures.size());
    }

    @Test
    void aMissingDeviceIsWaitedForAndStartsWhenItAppears() throws Exception {
        start("/dev/video0", 320, 240, "auto", Map.of());
        RecordingSink.await("missing", () -> said(CameraState.ERROR, "no camera at /dev/video0; waiting"));
        devices.add("/dev/video0").picture = yuyv(320, 240, 128, 128, 128);
        RecordingSink.await("frames once plugged in", () -> !sink.pictures.isEmpty());
    }

    @Test
    void aBusyDeviceSaysSoAndIsRetried() throws Exception {
        FakeDevices.Node node = devices.add("/dev/video0");
        node.picture = yuyv(320, 240, 128, 128, 128);
        node.openErrno = Posix.EBUSY;
        start("/dev/video0", 320, 240, "auto", Map.of());
        RecordingSink.await("busy", () -> said(CameraState.ERROR, "/dev/video0 is busy: another program"));
        node.openErrno = 0;
        RecordingSink.await("frames once free", () -> !sink.pictures.isEmpty());
    }

    @Test
    void noPermissionNamesTheVideoGroup() throws Exception {
        devices.add("/dev/video0").openErrno = Posix.EACCES;
        start("/dev/video0", 320, 240, "auto", Map.of());
        RecordingSink.await("permission", () -> said(CameraState.ERROR, "to the 'video' group"));
    }

    @Test
    void anUnpluggedCameraIsAnErrorAndComesBack() throws Exception {
        FakeDevices.Node node = devices.add("/dev/video0");
        node.picture = yuyv(320, 240, 128, 128, 128);
        start("/dev/video0", 320, 240, "auto", Map.of());
        RecordingSink.await("frames", () -> !sink.pictures.isEmpty());
        node.unplugged = true;
        RecordingSink.await("unplugged", () -> said(CameraState.ERROR, "/dev/video0 was unplugged"));
        assertEquals(0, node.openNow, "the device was closed");
        int before = sink.pictures.size();
        node.unplugged = false;
        RecordingSink.await("frames again", () -> sink.pictures.size() > before + 2);
        assertTrue(node.opens >= 2);
    }

    @Test
    void aSilentStreamIsRestarted() throws Exception {
        FakeDevices.Node node = devices.add("/dev/video0");
        node.picture = yuyv(320, 240, 128, 128, 128);
        node.silent = true;
        start("/dev/video0", 320, 240, "auto", Map.of());
        RecordingSink.await("stall", () -> said(CameraState.ERROR, "sent no picture for"));
        RecordingSink.await("reopened", () -> node.opens >= 2);
        node.silent = false;
        RecordingSink.await("frames", () -> !sink.pictures.isEmpty());
    }

    @Test
    void autoTakesTheFirstCaptureNodeAndSkipsMetadataNodes() throws Exception {
        start("auto", 320, 240, "auto", Map.of());
        RecordingSink.await("no camera", () -> said(CameraState.ERROR, "no camera found"));
        devices.add("/dev/video0").capture = false;
        FakeDevices.Node camera = devices.add("/dev/video1");
        camera.picture = yuyv(320, 240, 128, 128, 128);
        RecordingSink.await("frames", () -> !sink.pictures.isEmpty());
        assertTrue(said(CameraState.STARTING, "opening /dev/video1"));
        assertNull(devices.nodes.get("/dev/video0").negotiated);
    }

    @Test
    void unsupportedSizeAndFormatFallBackToTheNearestOffered() throws Exception {
        FakeDevices.Node node = devices.add("/dev/video0");
        node.picture = yuyv(640, 480, 128, 128, 128);
        start("/dev/video0", 800, 600, "mjpeg", Map.of());
        RecordingSink.await("frames", () -> !sink.pictures.isEmpty());
        assertEquals(640, sink.pictures.get(0).width());
        assertEquals(VideoDevice.YUYV, node.negotiated.pixelFormat());
    }

    @Test
    void aDeviceWithoutUsableFormatsSaysWhatItOffers() throws Exception {
        devices.add("/dev/video0").formats = List.of(
                new VideoDevice.PixelFormat(VideoDevice.fourcc("H264"), "H.264"));
        start("/dev/video0", 320, 240, "auto", Map.of());
        RecordingSink.await("formats", () -> said(CameraState.ERROR, "offers [H264 (H.264)]; Nightjar needs MJPEG"));
    }

    @Test
    void controlsAreClampedAppliedAndChangedLive() throws Exception {
        FakeDevices.Node node = devices.add("/dev/video0");
        node.picture = yuyv(320, 240, 128, 128, 128);
        node.controls.put(CameraControls.BRIGHTNESS, control(CameraControls.BRIGHTNESS, 0, 255));
        node.controls.put(CameraControls.EXPOSURE_AUTO, control(CameraControls.EXPOSURE_AUTO, 0, 3));
        node.controls.put(CameraControls.EXPOSURE_ABSOLUTE, control(CameraControls.EXPOSURE_ABSOLUTE, 1, 5000));
        start("/dev/video0", 320, 240, "auto", Map.of("brightness", "300", "exposure", "100", "contrast", "7",
                "sharpness", "soft"));
        RecordingSink.await("frames", () -> !sink.pictures.isEmpty());
        assertEquals(255, node.controlValues.get(CameraControls.BRIGHTNESS), "clamped to the range");
        assertEquals(1, node.controlValues.get(CameraControls.EXPOSURE_AUTO), "manual for a fixed exposure");
        assertEquals(100, node.controlValues.get(CameraControls.EXPOSURE_ABSOLUTE));
        assertNull(node.controlValues.get(CameraControls.CONTRAST), "the camera has no contrast control");
        int opens = node.opens;
        capture.controls(Map.of("brightness", "40"));
        RecordingSink.await("live change", () -> Integer.valueOf(40).equals(
                node.controlValues.get(CameraControls.BRIGHTNESS)));
        assertEquals(opens, node.opens, "applied without reopening");
    }

    @Test
    void aDeviceFasterThanConfiguredHasTheExtraFramesSkipped() throws Exception {
        FakeDevices.Node node = devices.add("/dev/video0");
        node.picture = yuyv(320, 240, 128, 128, 128);
        start("/dev/video0", 320, 240, "auto", Map.of());
        // The fake delivers a frame every 5 ms or so, far above the 15 fps asked for.
        RecordingSink.await("many frames from the device", () -> node.dequeued >= 200);
        capture.close();
        assertTrue(sink.pictures.size() >= 1 && sink.pictures.size() * 4 < node.dequeued,
                sink.pictures.size() + " delivered of " + node.dequeued);
    }

    @Test
    void closingStopsAndReleasesTheDevice() throws Exception {
        FakeDevices.Node node = devices.add("/dev/video0");
        node.picture = yuyv(320, 240, 128, 128, 128);
        start("/dev/video0", 320, 240, "auto", Map.of());
        RecordingSink.await("frames", () -> !sink.pictures.isEmpty());
        capture.close();
        assertEquals(0, node.openNow);
        assertEquals(CameraState.STOPPED, sink.states.get(sink.states.size() - 1).state());
        int frames = sink.pictures.size();
        assertFalse(capture.running(), "the capture thread has ended, so no frame can follow");
        assertEquals(frames, sink.pictures.size());
    }

    private static VideoDevice.ControlInfo control(int id, int min, int max) {
        return new VideoDevice.ControlInfo(id, "control", 1, min, max, 1, min, 0);
    }

    static byte[] grey(int width, int height) {
        YCbCrImage image = YCbCrImage.allocate(width, height, Sampling.YUV422);
        Arrays.fill(image.y(), (byte) 100);
        Arrays.fill(image.cb(), (byte) 128);
        Arrays.fill(image.cr(), (byte) 128);
        return new JpegEncoder(80).encode(image);
    }

    /** The JPEG without its DHT segments, as UVC webcams send Motion-JPEG. */
    static byte[] withoutHuffmanTables(byte[] jpeg) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int at = 2;
        while (true) {
            int marker = jpeg[at + 1] & 0xFF;
            if (marker == 0xDA) {
                out.write(jpeg, at, jpeg.length - at);
                byte[] result = out.toByteArray();
                assertNotEquals(jpeg.length, result.length);
                return result;
            }
            int length = (jpeg[at + 2] & 0xFF) << 8 | jpeg[at + 3] & 0xFF;
            if (marker != 0xC4) {
                out.write(jpeg, at, length + 2);
            }
            at += length + 2;
        }
    }

    @Test
    void theNearestSizeWeighsAreaThenAspect() {
        var offered = List.of(new VideoDevice.Size(320, 240), new VideoDevice.Size(640, 480),
                new VideoDevice.Size(1280, 720));
        assertEquals(new VideoDevice.Size(1280, 720), V4l2Capture.nearest(offered, new VideoDevice.Size(1280, 800)));
        assertEquals(new VideoDevice.Size(640, 480), V4l2Capture.nearest(offered, new VideoDevice.Size(600, 400)));
        assertEquals(new VideoDevice.Size(320, 240), V4l2Capture.nearest(offered, new VideoDevice.Size(320, 240)));
        assertEquals(new VideoDevice.Size(1024, 768), V4l2Capture.nearest(List.of(), new VideoDevice.Size(1024,
                768)), "a device that lists no sizes is asked for the configured one");
    }

    @Test
    void autoPassesOverACameraModulesRawBayerNodeForAWebcam() {
        FakeDevices.Node unicam = devices.add("/dev/video0");
        unicam.formats = List.of(new VideoDevice.PixelFormat(VideoDevice.fourcc("pRAA"), "10-bit Bayer RGRG/GBGB Packed"));
        FakeDevices.Node metadata = devices.add("/dev/video1");
        metadata.capture = false;
        assertNull(devices.firstCaptureNode(), "no node Nightjar can use");
        devices.add("/dev/video2");
        assertEquals("/dev/video2", devices.firstCaptureNode());
    }
}
