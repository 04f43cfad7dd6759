package nightjar.api.motion;

/**
 * What a motion detector is doing at one moment.
 *
 * @param detecting whether detection is switched on
 * @param motion whether a motion event is in progress
 * @param score the changed fraction of the picture in the last analysed frame, 0 to 1
 * @param analysedFrames frames analysed since the detector started
 */
public record MotionStatus(boolean detecting, boolean motion, double score, long analysedFrames) {
}
