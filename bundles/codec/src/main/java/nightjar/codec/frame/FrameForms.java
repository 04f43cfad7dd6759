package nightjar.codec.frame;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.jspecify.annotations.Nullable;

import nightjar.api.camera.Frame;
import nightjar.api.camera.FrameForm;
import nightjar.codec.jpeg.Jpeg;
import nightjar.codec.jpeg.JpegException;
import nightjar.codec.jpeg.LumaThumbnail;
import nightjar.codec.jpeg.LumaThumbnailReader;

/**
 * The forms of a frame's picture that consumers share: each is read from the frame's JPEG (its
 * read-only view, not a copy) by the first consumer that asks, once per frame, and every other consumer
 * gets the same value. The values are shared: read them, never change them.
 */
public final class FrameForms {
    /**
     * Readers between frames: a reader's parser (its tables and block buffers, some 80 KB, and 32 KB
     * per AC table to skip coefficients, built in under a millisecond) is made once and reused, so a
     * frame costs only its shared thumbnail. A few, for the threads that may compute at
     * once (each camera's delivery thread); more at once just make a reader that is dropped afterwards.
     */
    private static final BlockingQueue<LumaThumbnailReader> READERS = new ArrayBlockingQueue<>(4);
    private static final FrameForm<Read<LumaThumbnail>> LUMA_THUMBNAIL = frame -> {
        LumaThumbnailReader reader = READERS.poll();
        if (reader == null) {
            reader = new LumaThumbnailReader();
        }
        try {
            reader.read(frame.jpeg());
            return new Read<>(reader.thumbnail(), null);
        } catch (JpegException e) {
            return new Read<>(null, e);
        } finally {
            READERS.offer(reader);
        }
    };

    private FrameForms() {
    }

    /**
     * The frame's 1/8-scale luma picture from the DC coefficients ({@link Jpeg#lumaThumbnail}); its
     * pixels are shared by every consumer of the frame and must not be changed.
     *
     * @throws JpegException when the frame's JPEG cannot be read: every consumer gets that same exception
     */
    public static LumaThumbnail lumaThumbnail(Frame frame) throws JpegException {
        return frame.form(LUMA_THUMBNAIL).value();
    }

    /** A form that was read, or why it could not be. */
    private record Read<T>(@Nullable T read, @Nullable JpegException failure) {
        T value() throws JpegException {
            if (failure != null) {
                throw failure;
            }
            if (read == null) {
                throw new IllegalStateException("neither read nor failed");
            }
            return read;
        }
    }
}
