package nightjar.camera.internal;

import org.jspecify.annotations.Nullable;

import nightjar.api.capture.CaptureDriver;
import nightjar.api.capture.CaptureSession;
import nightjar.api.capture.CaptureSettings;
import nightjar.api.capture.FrameSink;

/** A device camera: capture done by the capture bundle's driver, frames handed to this camera. */
final class CaptureSource implements FrameSource {
    private final CaptureDriver driver;
    private final String name;
    private final CaptureSettings settings;
    private final FrameSink sink;
    private @Nullable CaptureSession session;

    CaptureSource(CaptureDriver driver, String name, CaptureSettings settings, FrameSink sink) {
        this.driver = driver;
        this.name = name;
        this.settings = settings;
        this.sink = sink;
    }

    @Override
    public void start() {
        session = driver.start(name, settings, sink);
    }

    CaptureSession session() {
        CaptureSession running = session;
        if (running == null) {
            throw new IllegalStateException("capture of " + name + " has not started");
        }
        return running;
    }

    @Override
    public void close() {
        CaptureSession running = session;
        session = null;
        if (running != null) {
            running.close();
        }
    }
}
