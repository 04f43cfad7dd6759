package nightjar.api.recording;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One recorded clip.
 *
 * @param cameraId the camera it shows
 * @param name its name within the camera, {@code YYYY-MM-DD/HHMMSS-reason} (safe to put in a URL)
 * @param start wall-clock time of its first frame
 * @param end wall-clock time of its last frame; null while it is being written
 * @param reason {@code motion}, {@code manual} or {@code continuous}
 * @param bytes size of the Ogg file
 * @param frames frames in the clip
 * @param droppedFrames frames left out because the encoder could not keep up
 * @param peakScore the highest motion score seen while it was recorded, 0 to 1
 * @param poster whether a poster picture (the frame of peak motion) exists
 */
public record Clip(String cameraId, String name, Instant start, @Nullable Instant end, String reason, long bytes,
        long frames, long droppedFrames, double peakScore, boolean poster) {
}
