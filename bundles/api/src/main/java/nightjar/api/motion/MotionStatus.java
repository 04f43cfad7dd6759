package nightjar.api.motion;

/**
 * What a motion detector is doing at one moment.
 *
 * @param detecting whether detection is switched on
 * @param motion whether a motion event is in progress
 * @param score the changed fraction of the picture in the last analysed frame, 0 to 1
 * @param analysedFrames frames analysed since the detector started
 * @param memoryBytes bytes the detector holds for the camera's picture size (its model's and readers'
 *        arrays and its JPEG parsers' tables, counted from their sizes); fixed by the picture size and
 *        the stream's tables, 0 before the first frame
 *        (since 1.1)
 */
public record MotionStatus(boolean detecting, boolean motion, double score, long analysedFrames, long memoryBytes) {
    /** A status without the memory figure (0), as before version 1.1. */
    public MotionStatus(boolean detecting, boolean motion, double score, long analysedFrames) {
        this(detecting, motion, score, analysedFrames, 0);
    }
}
