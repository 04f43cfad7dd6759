package nightjar.camera.internal;

/**
 * Tells a real change of a stream's picture size from a damaged size field: a frame of another size
 * is passed on only once that size has come {@value #FRAMES_TO_CHANGE} times in a row. A size that
 * comes and goes is a damaged frame; frames held back while a size proves itself are not passed on
 * either. Not thread-safe: one stream's reader uses it.
 */
final class SizeFilter {
    static final int FRAMES_TO_CHANGE = 3;

    private int width;
    private int height;
    private int candidateWidth;
    private int candidateHeight;
    private int candidateFrames;
    private long damaged;
    private String lastDamage = "";

    /** Whether a frame of this size may be passed on. The first size is taken at once. */
    boolean accept(int frameWidth, int frameHeight) {
        if (width == 0 || frameWidth == width && frameHeight == height) {
            dropCandidate();
            width = frameWidth;
            height = frameHeight;
            return true;
        }
        if (frameWidth != candidateWidth || frameHeight != candidateHeight) {
            dropCandidate();
            candidateWidth = frameWidth;
            candidateHeight = frameHeight;
        }
        if (++candidateFrames < FRAMES_TO_CHANGE) {
            return false;
        }
        width = frameWidth;
        height = frameHeight;
        candidateFrames = 0;
        return true;
    }

    /** The frames of the candidate size were one-offs: damaged. */
    private void dropCandidate() {
        if (candidateFrames > 0) {
            damaged += candidateFrames;
            lastDamage = candidateFrames + " frame" + (candidateFrames == 1 ? "" : "s") + " of a one-off size "
                    + candidateWidth + "x" + candidateHeight + " in a " + width + "x" + height + " stream";
        }
        candidateFrames = 0;
        candidateWidth = 0;
        candidateHeight = 0;
    }

    /** Frames found damaged so far: sizes that did not persist. */
    long damaged() {
        return damaged;
    }

    /** What the latest damaged frames were, for the log. */
    String lastDamage() {
        return lastDamage;
    }
}
