package nightjar.api.recording;

import org.jspecify.annotations.Nullable;

/**
 * What the recorder is doing for one camera.
 *
 * @param cameraId the camera
 * @param recording whether a clip is being written now
 * @param manual whether a manual recording is switched on
 * @param reason why the current clip is written ({@code motion}, {@code manual}, {@code continuous}), null when none is
 * @param clip the current clip, null when none is written
 * @param droppedFrames frames the encoder could not keep up with since the recorder started
 * @param message a human-readable explanation of a fault (storage full, say), empty when there is none
 */
public record RecordingStatus(String cameraId, boolean recording, boolean manual, @Nullable String reason,
        @Nullable Clip clip, long droppedFrames, String message) {
}
