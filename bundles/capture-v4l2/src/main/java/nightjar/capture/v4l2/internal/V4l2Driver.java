package nightjar.capture.v4l2.internal;

import org.jspecify.annotations.Nullable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import nightjar.api.capture.CaptureDriver;
import nightjar.api.capture.CaptureSession;
import nightjar.api.capture.CaptureSettings;
import nightjar.api.capture.FrameSink;

/** Offers V4L2 capture to the camera bundle. */
@Component(service = CaptureDriver.class)
public final class V4l2Driver implements CaptureDriver {
    private final Devices devices;

    @Activate
    public V4l2Driver() {
        this(Devices.SYSTEM);
        // Fail here, with JNA's reason, on a platform without the native library or our ABI.
        Abi.nativeAbi();
    }

    V4l2Driver(Devices devices) {
        this.devices = devices;
    }

    @Override
    public @Nullable String autoDevice() {
        return devices.firstCaptureNode();
    }

    @Override
    public CaptureSession start(String name, CaptureSettings settings, FrameSink sink) {
        V4l2Capture capture = new V4l2Capture(name, settings, devices, sink, V4l2Capture.Timing.DEFAULT);
        capture.start();
        return capture;
    }
}
