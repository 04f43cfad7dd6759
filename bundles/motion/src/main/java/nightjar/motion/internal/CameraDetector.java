package nightjar.motion.internal;

import org.jspecify.annotations.Nullable;

import nightjar.codec.jpeg.JpegException;
import nightjar.codec.jpeg.LumaThumbnailReader;

/**
 * One camera's detection from JPEG to events: picks the frames to analyse at the configured rate,
 * reads their block thumbnails, runs the {@link MotionModel} (which already asks for the minimum
 * number of frames: a region counts once it has been followed that long), and turns its verdicts into
 * events that last until the event gap has passed without motion. The appliance and the command line
 * both run exactly this. Not for two threads at once.
 */
final class CameraDetector {
    /** What an offered frame did to the event. */
    enum Change {
        NONE,
        STARTED,
        ENDED
    }

    private static final byte[] NO_JPEG = new byte[0];
    private final MotionSettings settings;
    private final MotionModel model;
    private final LumaThumbnailReader reader = new LumaThumbnailReader();
    /** Read only when the model asks: most frames need the DC coefficients alone, which is twice as quick. */
    private final BlockThumbnail blocks = new BlockThumbnail();
    private final MotionModel.BlockSource blockSource = this::blocks;
    private byte[] jpeg = NO_JPEG;
    private int jpegLength;
    /** Whether the last analysed frame needed the shift search. */
    private boolean shaking;
    private boolean started;
    private long nextDueNanos;
    private boolean inEvent;
    /** The last analysed frame's own decision: a region followed for the minimum number of frames. */
    private boolean motion;
    private long eventStartNanos;
    private long lastMotionNanos;
    private double startScore;
    private long analysedFrames;

    CameraDetector(MotionSettings settings) {
        this.settings = settings;
        this.model = new MotionModel(settings);
    }

    /** Whether the frame at {@code nanos} is due for analysis; counts it as analysed if so. */
    boolean due(long nanos) {
        long period = settings.analysisPeriodNanos();
        // A quarter period of slack, so that a camera at three times the rate is analysed every third frame.
        if (started && nanos < nextDueNanos - period / 4) {
            return false;
        }
        nextDueNanos = started && nanos - nextDueNanos < period ? nextDueNanos + period : nanos + period;
        started = true;
        return true;
    }

    /**
     * Analyses a frame that was {@link #due}: the JPEG in the first {@code length} bytes of the array.
     * A frame that cannot be read changes nothing and throws.
     */
    Change analyse(byte[] jpeg, int length, long nanos) throws JpegException {
        // A camera that shook in the last frame likely shakes in this one: read the blocks at once then.
        byte[] luma;
        int width;
        int height;
        if (shaking) {
            blocks.read(jpeg, length);
            luma = blocks.luma();
            width = blocks.width();
            height = blocks.height();
        } else {
            reader.read(jpeg, length);
            luma = reader.pixels();
            width = reader.width();
            height = reader.height();
        }
        analysedFrames++;
        this.jpeg = jpeg;
        this.jpegLength = length;
        MotionModel.Verdict verdict;
        try {
            verdict = model.analyse(luma, width, height, nanos, blockSource);
        } finally {
            this.jpeg = NO_JPEG;
        }
        shaking = model.searchedShift();
        if (verdict == MotionModel.Verdict.MOTION) {
            motion = true;
            lastMotionNanos = nanos;
            if (!inEvent) {
                inEvent = true;
                eventStartNanos = model.motionSinceNanos();
                startScore = model.score();
                return Change.STARTED;
            }
            return Change.NONE;
        }
        return noMotion(nanos);
    }

    private @Nullable BlockThumbnail blocks() {
        if (shaking) {
            return blocks; // read already
        }
        try {
            blocks.read(jpeg, jpegLength);
            return blocks;
        } catch (JpegException e) {
            return null; // its DC coefficients were read: not expected, and then the frame is taken as it is
        }
    }

    /**
     * A due frame that could not be read: it counts as a frame without motion, so that an event
     * still ends when a camera sends only damaged frames.
     */
    Change unreadable(long nanos) {
        return noMotion(nanos);
    }

    private Change noMotion(long nanos) {
        motion = false;
        if (inEvent && nanos - lastMotionNanos >= settings.eventGapNanos()) {
            inEvent = false;
            return Change.ENDED;
        }
        return Change.NONE;
    }

    /** Ends an event in progress (detection switched off, camera gone); true if there was one. */
    boolean end() {
        boolean was = inEvent;
        inEvent = false;
        motion = false;
        return was;
    }

    /** Re-learns the background from the frames of the next {@code nanos}: the light is about to change. */
    void relearnFor(long nowNanos, long nanos) {
        model.relearnFor(nowNanos, nanos);
    }

    MotionModel model() {
        return model;
    }

    boolean inEvent() {
        return inEvent;
    }

    /**
     * The last analysed frame's own decision: it had motion (after noise, zones, the minimum area, and
     * a region followed for {@code minFrames} frames, steadily moving where the picture is restless).
     * Unlike {@link #inEvent}, it does not hold through the event gap.
     */
    boolean motion() {
        return motion;
    }

    /** When the event in progress (or the last one) began: when what started it was first seen. */
    long eventStartNanos() {
        return eventStartNanos;
    }

    /** The score of the frame that started the event in progress (or the last one). */
    double startScore() {
        return startScore;
    }

    long analysedFrames() {
        return analysedFrames;
    }

    /**
     * Bytes this camera's detection holds for the current picture size: the model's arrays and the
     * readers' (the JPEG itself is the caller's). Bounded by the picture size; nothing grows with time.
     */
    long memoryBytes() {
        return model.memoryBytes() + blocks.memoryBytes() + reader.pixels().length;
    }
}
