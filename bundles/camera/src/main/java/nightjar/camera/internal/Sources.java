package nightjar.camera.internal;

import java.net.URI;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.camera.CameraState;
import nightjar.api.capture.CaptureDriver;

/** Which source a camera's configuration calls for, made (not started). */
final class Sources {
    private static final Logger LOG = LoggerFactory.getLogger(Sources.class);

    private Sources() {
    }

    /**
     * The source for the configuration, or null when it cannot be had now; the camera's state then says
     * why.
     *
     * @param capture the V4L2 capture driver, when its bundle runs
     */
    static @Nullable FrameSource choose(String id, String name, CameraConfig current, @Nullable CaptureDriver capture,
            LiveCamera live) {
        String threadName = "nightjar-camera-" + id + "-source";
        String kind = current.source().trim();
        FrameSource created;
        if (CameraSettings.isHttp(kind)) {
            created = new RemoteMjpegSource(threadName, URI.create(kind), current.username(), current.password(),
                    RemoteMjpegSource.parseFingerprint(current.trustFingerprint()), live);
        } else if (CameraSettings.isRtsp(kind)) {
            created = new RtspSource(id, RtspCommand.of(kind, current.username(), current.password()),
                    current.width(), current.height(), current.fps(), current.quality(),
                    RemoteMjpegSource.parseFingerprint(current.trustFingerprint()), RtspSource.bundleDataArea(), live);
        } else if (kind.equals("synthetic")) {
            created = synthetic(threadName, name, current, live);
        } else if (CameraSettings.isLibcamera(kind)) {
            if (!LibcameraCommand.installed()) {
                live.state(CameraState.ERROR, "source = libcamera needs rpicam-vid (Raspberry Pi OS: apt install "
                        + "rpicam-apps) or GStreamer's libcamerasrc (apt install gstreamer1.0-libcamera "
                        + "gstreamer1.0-tools)");
                return null;
            }
            created = libcamera(id, kind, current, live);
        } else if (kind.equals("auto")) {
            String device = capture == null ? null : capture.autoDevice();
            if (capture != null && device != null) {
                LOG.info("Camera {}: source auto found {}", id, device);
                created = new CaptureSource(capture, id, CameraSettings.settings(current), live);
            } else if (LibcameraCommand.installed() && LibcameraCommand.hasCamera()) {
                LOG.info("Camera {}: source auto found a libcamera camera", id);
                created = libcamera(id, "libcamera", current, live);
            } else {
                LOG.info("Camera {}: source auto found no camera{}; showing a synthetic picture", id,
                        capture == null ? " (the V4L2 capture bundle is not running)" : "");
                created = synthetic(threadName, name, current, live);
            }
        } else if (capture != null) {
            created = new CaptureSource(capture, id, CameraSettings.settings(current), live);
        } else {
            live.state(CameraState.ERROR, kind + " needs the V4L2 capture bundle (nightjar.capture.v4l2), which is "
                    + "not running");
            return null;
        }
        return created;
    }

    private static ProcessSource libcamera(String id, String kind, CameraConfig current, LiveCamera live) {
        boolean rpicamVid = ProcessSource.installed(LibcameraCommand.RPICAM_VID, Map.of());
        return new ProcessSource(id, LibcameraCommand.of(CameraSettings.libcameraName(kind),
                CameraSettings.settings(current), rpicamVid), live);
    }

    private static SyntheticSource synthetic(String threadName, String name, CameraConfig current, LiveCamera live) {
        return new SyntheticSource(threadName, name, current.width(), current.height(),
                current.fps(), current.quality(), live);
    }
}
