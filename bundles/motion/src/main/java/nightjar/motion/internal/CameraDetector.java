package nightjar.motion.internal;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

import nightjar.codec.jpeg.JpegException;
import nightjar.codec.jpeg.LumaThumbnail;
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

    /** Where an analysed frame's DC thumbnail comes from: read once per frame for every consumer of it. */
    @FunctionalInterface
    interface ThumbnailSource {
        LumaThumbnail thumbnail() throws JpegException;
    }

    private static final ByteBuffer NO_JPEG = ByteBuffer.allocate(0);
    private final MotionSettings settings;
    private final MotionModel model;
    /** The DC thumbnail of JPEGs given as bytes (the command line), read into one reused array. */
    private final LumaThumbnailReader reader = new LumaThumbnailReader();
    private final ThumbnailSource ownThumbnail = this::readThumbnail;
    /** Read only when the model asks: most frames need the DC coefficients alone, which is quicker. */
    private final BlockThumbnail blocks = new BlockThumbnail();
    private final MotionModel.BlockSource blockSource = this::blocks;
    /** The JPEG being analysed (a read-only view of the frame's bytes, never a copy). */
    private ByteBuffer jpeg = NO_JPEG;
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

    /**
     * Whether the frame at {@code nanos} is due for analysis; counts it as analysed if so. After a frame
     * with motion, or with a region in calm cells that may become motion, every frame is, until one is
     * without: the frames skipped would repeat the motion after it has gone, and hold back its start.
     */
    boolean due(long nanos) {
        if (started && (motion || model.calmRegion())) {
            return true;
        }
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
        return analyse(ByteBuffer.wrap(jpeg, 0, length), ownThumbnail, nanos);
    }

    /**
     * Analyses a frame that was {@link #due}: the JPEG between the buffer's position and limit, whose DC
     * thumbnail {@code thumbnail} gives (the frame's own, shared with its other consumers). A frame that
     * cannot be read changes nothing and throws.
     */
    Change analyse(ByteBuffer frameJpeg, ThumbnailSource thumbnail, long nanos) throws JpegException {
        this.jpeg = frameJpeg;
        MotionModel.Verdict verdict;
        try {
            // A camera that shook in the last frame likely shakes in this one: read the blocks at once then.
            byte[] luma;
            int width;
            int height;
            if (shaking) {
                blocks.read(frameJpeg);
                luma = blocks.luma();
                width = blocks.width();
                height = blocks.height();
            } else {
                LumaThumbnail read = thumbnail.thumbnail();
                luma = read.pixels();
                width = read.width();
                height = read.height();
            }
            analysedFrames++;
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
            blocks.read(jpeg);
            return blocks;
        } catch (JpegException e) {
            return null; // its DC coefficients were read: not expected, and then the frame is taken as it is
        }
    }

    private LumaThumbnail readThumbnail() throws JpegException {
        reader.read(jpeg);
        return new LumaThumbnail(reader.width(), reader.height(), reader.pixels());
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
     * Bytes this camera's detection holds for the current picture size, counted from the sizes of its
     * arrays: the model's, the block reader's (allocated at the first shift search), one DC thumbnail (the
     * reader's, or the frame's while it is analysed; the JPEG itself is the camera's), and what the JPEG
     * parsers hold: the stream's Huffman tables and buffers, about 133 KB each, in the thumbnail reader
     * when the detector reads the thumbnail itself, in the block reader from the first shift search on.
     * 0 before the first frame. Bounded by the picture size and the stream's tables; nothing grows with
     * time.
     */
    long memoryBytes() {
        long cells = (long) model.width() * model.height();
        return cells == 0 ? 0 : model.memoryBytes() + BlockThumbnail.memoryBytes(cells)
                + Math.max(reader.pixels().length, cells) + reader.parserBytes() + blocks.parserBytes();
    }
}
