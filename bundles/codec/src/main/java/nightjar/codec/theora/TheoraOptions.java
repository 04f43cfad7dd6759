package nightjar.codec.theora;

import java.util.Map;

/**
 * How a clip is encoded.
 *
 * @param framesPerSecond the clip's frame rate: its timebase (see {@link TheoraOggWriter})
 * @param quality 1 to 100, as for JPEG
 * @param keyframeSeconds the longest stretch between two keyframes
 * @param flushMillis pages are written at least this often (in video time): what a crash may lose;
 *        0 writes a page after every frame
 * @param skipThreshold the floor of the skip decision: no block that differs from what the decoder
 *        shows by a mean squared error below this (in 8-bit pixel levels squared) is coded; above it,
 *        the encoder codes what differs by more than the camera's noise, which it learns from the
 *        frames (see docs/codec.md)
 * @param comments NAME=value comments for the header (camera, time, ...)
 */
public record TheoraOptions(int framesPerSecond, int quality, int keyframeSeconds, int flushMillis,
        double skipThreshold, Map<String, String> comments) {
    /** Transcoded camera frames stay above 40 dB (luma PSNR against the source, measured by ffmpeg). */
    public static final int DEFAULT_QUALITY = 70;
    /** Three levels of RMS difference: below what a viewer notices; noisier cameras are learnt above it. */
    public static final double DEFAULT_SKIP_THRESHOLD = 9.0;

    public TheoraOptions {
        if (framesPerSecond < 1 || framesPerSecond > 120) {
            throw new IllegalArgumentException("framesPerSecond must be 1 to 120, was " + framesPerSecond);
        }
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("quality must be 1 to 100, was " + quality);
        }
        if (keyframeSeconds < 1 || keyframeSeconds > 600) {
            throw new IllegalArgumentException("keyframeSeconds must be 1 to 600, was " + keyframeSeconds);
        }
        if (flushMillis < 0) {
            throw new IllegalArgumentException("flushMillis must not be negative, was " + flushMillis);
        }
        if (!(skipThreshold >= 0)) {
            throw new IllegalArgumentException("skipThreshold must not be negative, was " + skipThreshold);
        }
        comments = Map.copyOf(comments);
    }

    /** Defaults: quality 70, skip threshold 9, a keyframe at least every 10 s, pages at least every second. */
    public static TheoraOptions of(int framesPerSecond) {
        return new TheoraOptions(framesPerSecond, DEFAULT_QUALITY, 10, 1000, DEFAULT_SKIP_THRESHOLD, Map.of());
    }

    public TheoraOptions withQuality(int newQuality) {
        return new TheoraOptions(framesPerSecond, newQuality, keyframeSeconds, flushMillis, skipThreshold, comments);
    }

    public TheoraOptions withComments(Map<String, String> newComments) {
        return new TheoraOptions(framesPerSecond, quality, keyframeSeconds, flushMillis, skipThreshold, newComments);
    }

    public TheoraOptions withSkipThreshold(double newSkipThreshold) {
        return new TheoraOptions(framesPerSecond, quality, keyframeSeconds, flushMillis, newSkipThreshold, comments);
    }

    public TheoraOptions withFlushMillis(int newFlushMillis) {
        return new TheoraOptions(framesPerSecond, quality, keyframeSeconds, newFlushMillis, skipThreshold, comments);
    }
}
