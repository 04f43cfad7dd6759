package nightjar.web.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nightjar.api.camera.Camera;
import nightjar.api.camera.CameraIds;
import nightjar.api.camera.Frame;
import nightjar.api.event.EventProperties;
import nightjar.api.event.Topics;
import nightjar.api.http.AccessLevel;
import nightjar.api.http.NightjarAccess;
import nightjar.api.http.NightjarHttp;
import nightjar.api.motion.MotionDetector;
import nightjar.api.recording.Recorder;
import nightjar.api.recording.RecordingStatus;
import nightjar.api.recording.StorageStatus;
import nightjar.api.stream.StreamViewers;

/**
 * {@code GET /metrics} in the Prometheus text format, for an admin or the configured metrics token
 * (both checked by the servlet context): frames captured and the measured rate per camera, MJPEG
 * viewers and the frames they were sent and skipped, frames analysed and motion events per camera, frames the recorder dropped, recording bytes, disk free,
 * JVM memory.
 */
@Component(service = {Servlet.class, EventHandler.class}, property = EventConstants.EVENT_TOPIC + "=" + Topics.MOTION_STARTED)
@HttpWhiteboardServletName("nightjar.web.metrics")
@HttpWhiteboardServletPattern("/metrics")
@HttpWhiteboardContextSelect(NightjarHttp.CONTEXT_SELECT)
@NightjarAccess(AccessLevel.METRICS)
public final class MetricsServlet extends HttpServlet implements EventHandler {
    private static final long serialVersionUID = 1L;
    private final transient Map<String, AtomicLong> motionEvents = new ConcurrentHashMap<>();
    private final transient LiveServices services;

    @Activate
    public MetricsServlet(@Reference LiveServices services) {
        this.services = services;
    }

    @Override
    public void handleEvent(Event event) {
        Object camera = event.getProperty(EventProperties.CAMERA);
        if (camera instanceof String id && CameraIds.isValid(id)) {
            motionEvents.computeIfAbsent(id, k -> new AtomicLong()).incrementAndGet();
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // For admins and the metrics token: what the servlet declares (METRICS), which security enforces.
        StringBuilder out = new StringBuilder();
        List<Camera> sorted = services.cameras();
        Recorder presentRecorder = services.recorder();
        header(out, "nightjar_frames_captured_total", "counter", "Frames captured (the latest frame's sequence number)");
        for (Camera camera : sorted) {
            Frame frame = camera.latestFrame();
            sample(out, "nightjar_frames_captured_total", camera.id(), frame == null ? 0 : frame.sequence());
        }
        header(out, "nightjar_camera_fps", "gauge", "Frames per second measured over the last seconds");
        for (Camera camera : sorted) {
            sample(out, "nightjar_camera_fps", camera.id(), camera.status().fps());
        }
        header(out, "nightjar_motion_frames_analysed_total", "counter", "Frames the motion detector analysed");
        for (Camera camera : sorted) {
            MotionDetector detector = services.detector(camera.id());
            if (detector != null) {
                sample(out, "nightjar_motion_frames_analysed_total", camera.id(), detector.status().analysedFrames());
            }
        }
        header(out, "nightjar_motion_events_total", "counter", "Motion events started since this bundle started");
        for (Camera camera : sorted) {
            AtomicLong events = motionEvents.get(camera.id());
            sample(out, "nightjar_motion_events_total", camera.id(), events == null ? 0 : events.get());
        }
        StreamViewers viewers = services.viewers();
        if (viewers != null) {
            header(out, "nightjar_stream_clients", "gauge", "MJPEG viewers streaming the camera now");
            for (Camera camera : sorted) {
                sample(out, "nightjar_stream_clients", camera.id(), viewers.viewers(camera.id()));
            }
            header(out, "nightjar_stream_frames_delivered_total", "counter", "Frames written to the camera's MJPEG viewers");
            for (Camera camera : sorted) {
                sample(out, "nightjar_stream_frames_delivered_total", camera.id(), viewers.framesDelivered(camera.id()));
            }
            header(out, "nightjar_stream_frames_dropped_total", "counter",
                    "Frames the camera's viewers skipped because their network was slower than the camera");
            for (Camera camera : sorted) {
                sample(out, "nightjar_stream_frames_dropped_total", camera.id(), viewers.framesDropped(camera.id()));
            }
        }
        if (presentRecorder != null) {
            header(out, "nightjar_recording_frames_dropped_total", "counter", "Frames the encoder could not keep up with");
            for (Camera camera : sorted) {
                try {
                    RecordingStatus status = presentRecorder.status(camera.id());
                    sample(out, "nightjar_recording_frames_dropped_total", camera.id(), status.droppedFrames());
                } catch (IllegalArgumentException | IllegalStateException e) {
                    // Not recorded: no sample.
                }
            }
            StorageStatus storage = presentRecorder.storage();
            gauge(out, "nightjar_recording_bytes", "Bytes taken by recordings", storage.usedBytes());
            gauge(out, "nightjar_disk_free_bytes", "Bytes free on the recordings' file system", storage.freeBytes());
            gauge(out, "nightjar_disk_total_bytes", "Size of the recordings' file system", storage.totalBytes());
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        gauge(out, "nightjar_jvm_heap_used_bytes", "JVM heap in use", heap.getUsed());
        gauge(out, "nightjar_jvm_heap_max_bytes", "JVM heap limit", heap.getMax());
        gauge(out, "nightjar_jvm_threads", "Live JVM threads", ManagementFactory.getThreadMXBean().getThreadCount());
        response.setContentType("text/plain; version=0.0.4");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(out.toString());
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void gauge(StringBuilder out, String name, String help, double value) {
        header(out, name, "gauge", help);
        out.append(name).append(' ').append(number(value)).append('\n');
    }

    /** Camera ids ({@link CameraIds#GRAMMAR}) have nothing to escape in a label. */
    private static void sample(StringBuilder out, String name, String camera, double value) {
        out.append(name).append("{camera=\"").append(camera).append("\"} ").append(number(value)).append('\n');
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.3f", value);
    }
}
