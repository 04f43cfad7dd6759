package nightjar.recorder.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

import jakarta.servlet.Servlet;
import nightjar.api.camera.Camera;
import nightjar.api.camera.Subscription;
import nightjar.api.http.AccessLevel;
import nightjar.api.http.NightjarHttp;

/** What the recorder runs for one camera: its worker, its place in the camera's fan-out, its recordings servlet. */
final class CameraSlot {
    private final CameraWorker worker;
    private final Runnable release;

    /** @param release lets go of what feeds and serves the worker (before the worker is stopped) */
    CameraSlot(CameraWorker worker, Runnable release) {
        this.worker = worker;
        this.release = release;
    }

    /** Starts the worker, subscribes it to the camera, and serves the camera's recordings. */
    static CameraSlot start(BundleContext context, Camera camera, CameraWorker worker, RecordingsServlet recordings) {
        worker.start();
        Subscription subscription = camera.subscribe(worker);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Camera.ID_PROPERTY, camera.id());
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN,
                new String[] {RecordingsServlet.path(camera.id()), RecordingsServlet.path(camera.id()) + "/*"});
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "nightjar.recorder." + camera.id());
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT, NightjarHttp.CONTEXT_SELECT);
        properties.put(NightjarHttp.ACCESS_PROPERTY, AccessLevel.VIEWER.name());
        ServiceRegistration<Servlet> servlet = context.registerService(Servlet.class, recordings, properties);
        return new CameraSlot(worker, () -> {
            try {
                servlet.unregister();
            } catch (IllegalStateException alreadyGone) {
                // The bundle is stopping: the framework took it down already.
            }
            subscription.close();
        });
    }

    CameraWorker worker() {
        return worker;
    }

    /** Stops serving, unsubscribes, and ends the worker once its clip is closed. */
    void stop(long millis) {
        release.run();
        try {
            worker.stop(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static @Nullable CameraWorker workerOf(@Nullable CameraSlot slot) {
        return slot == null ? null : slot.worker;
    }
}
