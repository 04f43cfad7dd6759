package nightjar.motion.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.stream.JsonWriter;

import nightjar.api.camera.Frame;
import nightjar.api.event.EventProperties;
import nightjar.api.event.Topics;
import nightjar.codec.jpeg.JpegException;

/**
 * What one camera's detector tells the rest: motion events on EventAdmin and their log lines, and the
 * log lines about its memory and about frames it could not read. Used under the component's lock.
 */
final class MotionEvents {
    /** The component's logger: the log lines users and tests know name MotionComponent. */
    private static final Logger LOG = LoggerFactory.getLogger(MotionComponent.class);
    private static final long UNREADABLE_REPORT_NANOS = 60_000_000_000L;

    private final String cameraId;
    private final Supplier<@Nullable EventAdmin> eventAdmin;
    private long unreadableFrames;
    /** The picture size (in blocks) whose memory was last logged. */
    private int loggedCells = -1;
    private long lastUnreadableReport = Long.MIN_VALUE;

    MotionEvents(String cameraId, Supplier<@Nullable EventAdmin> eventAdmin) {
        this.cameraId = cameraId;
        this.eventAdmin = eventAdmin;
    }

    void started(CameraDetector current, Frame frame) {
        MotionModel model = current.model();
        Instant start = frame.wallClock().minusNanos(frame.captureNanos() - current.eventStartNanos());
        Map<String, Object> properties = new HashMap<>();
        properties.put(EventProperties.CAMERA, cameraId);
        properties.put(EventProperties.TIMESTAMP, start.toEpochMilli());
        properties.put(EventProperties.SCORE, current.startScore());
        properties.put(EventProperties.REGIONS, regionsJson(model));
        post(Topics.MOTION_STARTED, properties);
        LOG.info("Motion on camera {}: started ({} of the picture in {} region{})", cameraId,
                String.format(Locale.ROOT, "%.1f%%", current.startScore() * 100), model.regionCount(),
                model.regionCount() == 1 ? "" : "s");
    }

    void ended(CameraDetector current, long nanos, Instant wallClock, String reason) {
        long durationMillis = Math.max(0, (nanos - current.eventStartNanos()) / 1_000_000);
        Map<String, Object> properties = new HashMap<>();
        properties.put(EventProperties.CAMERA, cameraId);
        properties.put(EventProperties.TIMESTAMP, wallClock.toEpochMilli());
        properties.put(EventProperties.DURATION, durationMillis);
        post(Topics.MOTION_ENDED, properties);
        LOG.info("Motion on camera {}: ended after {} ({})", cameraId,
                String.format(Locale.ROOT, "%.1f s", durationMillis / 1000.0), reason);
    }

    /** Once per picture size: what the detector holds for it (it never grows beyond that). */
    void memory(CameraDetector current) {
        MotionModel model = current.model();
        int cells = model.width() * model.height();
        if (cells != loggedCells && cells > 0) {
            loggedCells = cells;
            LOG.info("Motion detection for camera {}: {}x{} blocks, {} KB", cameraId, model.width(), model.height(),
                    (current.memoryBytes() + 1023) / 1024);
        }
    }

    void unreadable(Frame frame, JpegException e) {
        unreadableFrames++;
        long now = frame.captureNanos();
        if (lastUnreadableReport == Long.MIN_VALUE || now - lastUnreadableReport >= UNREADABLE_REPORT_NANOS) {
            lastUnreadableReport = now;
            LOG.warn("Camera {}: {} frame{} could not be analysed so far, the last: {}", cameraId, unreadableFrames,
                    unreadableFrames == 1 ? "" : "s", e.getMessage());
        }
    }

    private void post(String topic, Map<String, Object> properties) {
        EventAdmin admin = eventAdmin.get();
        if (admin != null) {
            admin.postEvent(new Event(topic, properties));
        }
    }

    /** The moving regions as JSON: boxes in picture coordinates from 0 to 1, four decimals each. */
    static String regionsJson(MotionModel model) {
        StringWriter text = new StringWriter();
        try (JsonWriter json = new JsonWriter(text)) {
            json.beginArray();
            for (int i = 0; i < model.regionCount(); i++) {
                double left = (double) model.region(i, 0) / model.width();
                double top = (double) model.region(i, 1) / model.height();
                double right = Math.min(1, (double) model.region(i, 2) / model.width());
                double bottom = Math.min(1, (double) model.region(i, 3) / model.height());
                json.beginObject().name("x").value(decimals(left)).name("y").value(decimals(top))
                        .name("width").value(decimals(right - left)).name("height").value(decimals(bottom - top))
                        .endObject();
            }
            json.endArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    private static BigDecimal decimals(double value) {
        return new BigDecimal(String.format(Locale.ROOT, "%.4f", value));
    }
}
