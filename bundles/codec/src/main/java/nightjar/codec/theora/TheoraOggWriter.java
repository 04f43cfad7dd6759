package nightjar.codec.theora;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import nightjar.codec.internal.Dct;
import nightjar.codec.jpeg.BlockReader;
import nightjar.codec.jpeg.BlockVisitor;
import nightjar.codec.jpeg.JpegException;
import nightjar.codec.jpeg.Sampling;
import nightjar.codec.jpeg.YCbCrImage;
import nightjar.codec.ogg.OggPageWriter;

/**
 * Writes a Theora video in Ogg from JPEG frames (transcoded in the DCT domain: no inverse or forward
 * DCT, no colour conversion) or from planar YCbCr (through a forward DCT).
 *
 * <p>Timing: the clip has a fixed frame rate, and each frame is placed at the frame slot nearest its
 * capture time. Cameras deliver at irregular times; a gap is filled by repeating the last picture
 * with "nothing coded" frames of a few bytes each, and a frame that arrives before its slot is free is
 * dropped. So the clip's timeline matches the wall clock to within one frame at any rate, and players
 * need nothing but a constant frame rate, which every one of them supports. Both are counted in
 * {@link #statistics()}.
 *
 * <p>All picture buffers are kept from frame to frame. The writer owns the channel and closes it.
 * Its methods are synchronized, so {@link #close()} may come from another thread.
 */
public final class TheoraOggWriter implements AutoCloseable {
    private static final String VENDOR = "Nightjar Theora encoder";

    /**
     * Counts over the clip so far.
     *
     * @param framesEncoded pictures coded (key or inter frames)
     * @param framesRepeated slots filled by repeating the previous picture
     * @param framesDropped pictures that came before their slot was free
     * @param bytesWritten bytes of Ogg written to the channel
     * @param seconds video time covered
     */
    public record Statistics(long framesEncoded, long framesRepeated, long framesDropped, long bytesWritten,
            double seconds) {
    }

    private final WritableByteChannel channel;
    private final TheoraOptions options;
    private final OggPageWriter ogg;
    private final int keyframeFrames;
    private @Nullable FrameEncoder encoder;
    private int keyframeShift;
    private long firstCaptureNanos;
    private long lastIndex = -1;
    /** The slot of the frame being written, set by {@link #takeSlot}. */
    private long slot;
    private long lastKeyframe;
    private long lastFlushIndex;
    private long encoded;
    private long repeated;
    private long dropped;
    private boolean closed;
    /** The frame stamp at which each block was last written by a JPEG, to find blocks it left out. */
    private int[] written = new int[0];
    private int frameStamp;
    private final float[] samples = new float[64];
    private final float[] coefficients = new float[64];
    private final float[] scratch = new float[64];
    private final double[] scaled = new double[64];
    private final BlockReader jpegReader = new BlockReader(new JpegTranscoder());
    /** Where each keyframe's page begins, as written (one every keyframe interval). */
    private final List<TheoraKeyframes.Keyframe> keyframes = new ArrayList<>();

    private TheoraOggWriter(WritableByteChannel channel, TheoraOptions options) {
        this.channel = channel;
        this.options = options;
        this.ogg = new OggPageWriter(channel, new SecureRandom().nextInt());
        this.keyframeFrames = options.framesPerSecond() * options.keyframeSeconds();
    }

    public static TheoraOggWriter open(WritableByteChannel channel, TheoraOptions options) {
        return new TheoraOggWriter(channel, options);
    }

    /** Adds a JPEG frame captured at {@code captureNanos} (any monotonic clock in nanoseconds). */
    public synchronized void write(byte[] jpeg, long captureNanos) throws IOException {
        write(jpeg, jpeg.length, captureNanos);
    }

    /**
     * Adds the JPEG frame in the first {@code length} bytes of {@code jpeg} (a buffer the caller reuses),
     * captured at {@code captureNanos}; false when it came before its slot was free and was dropped.
     */
    public synchronized boolean write(byte[] jpeg, int length, long captureNanos) throws IOException {
        ensureOpen();
        if (!takeSlot(captureNanos)) {
            return false;
        }
        jpegReader.read(jpeg, length);
        clearUnwrittenBlocks();
        emitFrame();
        return true;
    }

    /**
     * Adds the JPEG frame between the buffer's position and limit (a camera frame's read-only view: it is
     * read in place, not copied; the buffer is not moved), captured at {@code captureNanos}; false when it
     * came before its slot was free and was dropped.
     */
    public synchronized boolean write(ByteBuffer jpeg, long captureNanos) throws IOException {
        ensureOpen();
        if (!takeSlot(captureNanos)) {
            return false;
        }
        jpegReader.read(jpeg);
        clearUnwrittenBlocks();
        emitFrame();
        return true;
    }

    /** Transcodes each block of a JPEG into the encoder as the reader decodes it. */
    private final class JpegTranscoder implements BlockVisitor {
        @Override
        public void start(int width, int height, Sampling sampling) throws JpegException {
            prepare(width, height, sampling);
        }

        @Override
        public void quantization(int component, int[] table) {
            encoder.jpegQuantization(component, table);
        }

        @Override
        public void block(int component, int x, int y, short[] values, long nonZero) {
            FrameEncoder e = encoder;
            Geometry g = e.geometry;
            if (x >= g.blocksAcross[component] || y >= g.blocksDown[component]) {
                return;
            }
            int block = g.blockFromTop(component, x, y);
            written[block] = frameStamp;
            e.putJpegBlock(block, values, nonZero);
        }
    }

    /** Blocks the JPEG did not cover (the frame's padding past its MCU grid) show mid-grey. */
    private void clearUnwrittenBlocks() {
        for (int block = 0; block < written.length; block++) {
            if (written[block] != frameStamp) {
                encoder.clearBlock(block);
            }
        }
    }

    /** Adds a picture of planar, full-range YCbCr captured at {@code captureNanos}. */
    public synchronized void write(YCbCrImage image, long captureNanos) throws IOException {
        ensureOpen();
        if (!takeSlot(captureNanos)) {
            return;
        }
        prepare(image.width(), image.height(), image.sampling());
        FrameEncoder e = encoder;
        Geometry g = e.geometry;
        for (int p = 0; p < (image.sampling() == Sampling.GREYSCALE ? 1 : 3); p++) {
            byte[] plane = p == 0 ? image.y() : p == 1 ? image.cb() : image.cr();
            int width = p == 0 ? image.width() : image.chromaWidth();
            int height = p == 0 ? image.height() : image.chromaHeight();
            int down = g.blocksDown[p];
            for (int by = 0; by < down; by++) {
                for (int bx = 0; bx < g.blocksAcross[p]; bx++) {
                    int top = (down - 1 - by) * 8;
                    for (int y = 0; y < 8; y++) {
                        int row = Math.min(top + y, height - 1) * width;
                        for (int x = 0; x < 8; x++) {
                            samples[y * 8 + x] = (plane[row + Math.min(bx * 8 + x, width - 1)] & 0xff) - 128;
                        }
                    }
                    Dct.forward(samples, coefficients, scratch);
                    for (int ci = 0; ci < 64; ci++) {
                        scaled[ci] = e.quantization.scaled(p, ci, coefficients[ci]);
                    }
                    e.putBlock(g.block(p, bx, by), scaled);
                }
            }
        }
        emitFrame();
    }

    /** Ends the stream (its last page marked so) and closes the channel. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (encoder != null) {
                ogg.finish();
            }
        } finally {
            channel.close();
        }
    }

    /** Where the keyframes written so far begin: what {@link TheoraKeyframes#scan} finds in the file. */
    public synchronized List<TheoraKeyframes.Keyframe> keyframes() {
        return List.copyOf(keyframes);
    }

    public synchronized Statistics statistics() {
        return new Statistics(encoded, repeated, dropped, ogg.bytesWritten(),
                (lastIndex + 1) / (double) options.framesPerSecond());
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("the clip is closed");
        }
    }

    /**
     * Places a frame in its slot, repeating the previous picture over any gap; false when the frame
     * came too early and is dropped.
     */
    private boolean takeSlot(long captureNanos) throws IOException {
        if (lastIndex < 0) {
            firstCaptureNanos = captureNanos;
            slot = 0;
            return true;
        }
        long index = Math.round((captureNanos - firstCaptureNanos) * (double) options.framesPerSecond() / 1e9);
        if (index <= lastIndex) {
            dropped++;
            return false;
        }
        while (lastIndex + 1 < index) {
            FrameEncoder e = encoder;
            long gap = lastIndex + 1;
            if (gap - lastKeyframe >= maxFramesAfterKeyframe()) {
                // The granule position can count only so far: restate the picture as a keyframe.
                packet(e.encode(true), gap, true);
            } else {
                packet(e.repeat(), gap, false);
                repeated++;
            }
        }
        slot = index;
        return true;
    }

    private void prepare(int width, int height, Sampling sampling) throws JpegException {
        FrameEncoder e = encoder;
        if (e == null) {
            keyframeShift = Math.max(6, Quantization.ilog(keyframeFrames));
            encoder = new FrameEncoder(width, height, sampling, options.framesPerSecond(), options.quality(),
                    keyframeShift, options.skipThreshold());
            written = new int[encoder.geometry.blockCount()];
            frameStamp++;
            return;
        }
        Sampling expected = sampling == Sampling.GREYSCALE ? Sampling.YUV420 : sampling;
        if (e.geometry.sampling != expected || e.geometry.macroblocksAcross != (width + 15) / 16
                || e.geometry.macroblocksDown != (height + 15) / 16) {
            throw new JpegException("the frame is " + width + "x" + height + " " + sampling
                    + ", unlike the clip's first frame: start a new clip", 0);
        }
        frameStamp++;
    }

    private void emitFrame() throws IOException {
        FrameEncoder e = encoder;
        long index = slot;
        boolean first = !e.hasTables();
        boolean keyframe = first || index - lastKeyframe >= keyframeFrames
                || index - lastKeyframe >= maxFramesAfterKeyframe();
        byte[] packet = e.encode(keyframe);
        if (first) {
            ogg.packet(e.identificationHeader(), 0);
            ogg.flush(); // the identification header alone on the first page
            ogg.packet(FrameEncoder.commentHeader(VENDOR, options.comments()), 0);
            ogg.packet(e.setupHeader(), 0);
            ogg.flush(); // video starts on a page of its own
        }
        packet(packet, index, keyframe);
        encoded++;
    }

    private long maxFramesAfterKeyframe() {
        return (1L << keyframeShift) - 1;
    }

    private void packet(byte[] data, long index, boolean keyframe) throws IOException {
        if (keyframe) {
            lastKeyframe = index;
            // A keyframe begins a page of its own: reading from that page, a player decodes from it on,
            // with none of the frames before it (see TheoraKeyframes).
            ogg.flush();
            lastFlushIndex = index;
            keyframes.add(new TheoraKeyframes.Keyframe(index, index / (double) options.framesPerSecond(),
                    ogg.bytesWritten()));
        }
        long granule = ((lastKeyframe + 1) << keyframeShift) | (index - lastKeyframe);
        ogg.packet(data, granule);
        lastIndex = index;
        long framesPerFlush = (long) options.flushMillis() * options.framesPerSecond() / 1000;
        if (index - lastFlushIndex >= framesPerFlush) {
            ogg.flush();
            lastFlushIndex = index;
        }
    }
}
