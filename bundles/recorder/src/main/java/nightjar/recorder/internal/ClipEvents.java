package nightjar.recorder.internal;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.event.EventProperties;
import nightjar.api.event.Topics;
import nightjar.api.recording.Clip;

/** A camera's clips as {@code nightjar/recording/STARTED} and {@code STOPPED} events and log lines. */
final class ClipEvents implements CameraRecorder.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ClipEvents.class);

    private final String cameraId;
    private final Storage.EventPoster events;
    private final Runnable afterClip;
    private final BiConsumer<String, IOException> failures;

    /**
     * @param afterClip runs after each clip (retention)
     * @param failures hears of writes that failed (the storage watcher)
     */
    ClipEvents(String cameraId, Storage.EventPoster events, Runnable afterClip,
            BiConsumer<String, IOException> failures) {
        this.cameraId = cameraId;
        this.events = events;
        this.afterClip = afterClip;
        this.failures = failures;
    }

    @Override
    public void started(ClipFiles files, Reason reason) {
        LOG.info("Camera {}: recording {} ({})", cameraId, files.relativeVideo(), reason.label());
        events.post(Topics.RECORDING_STARTED, properties(files.relativeVideo(), reason.label(), "recording"));
    }

    @Override
    public void stopped(Clip clip, String why) {
        String file = cameraId + "/" + clip.name() + ClipFiles.VIDEO;
        LOG.info("Camera {}: recorded {} ({} frames, {} KB; {})", cameraId, file, clip.frames(), clip.bytes() / 1024,
                why);
        events.post(Topics.RECORDING_STOPPED, properties(file, clip.reason(), why));
        afterClip.run();
    }

    @Override
    public void failed(String failedCamera, IOException cause) {
        failures.accept(failedCamera, cause);
    }

    private Map<String, Object> properties(String file, String reason, String message) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(EventProperties.CAMERA, cameraId);
        properties.put(EventProperties.FILE, file);
        properties.put(EventProperties.REASON, reason);
        properties.put(EventProperties.MESSAGE, message);
        return properties;
    }
}
