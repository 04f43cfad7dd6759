package nightjar.stream.internal;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import nightjar.api.camera.Frame;
import nightjar.api.camera.FrameListener;
import nightjar.api.camera.Subscription;
import nightjar.api.security.User;
import nightjar.api.stream.PictureSource;

/**
 * One viewer of an MJPEG stream, written with non-blocking servlet I/O: no thread waits on a slow
 * network. The client holds at most the frame being written and the newest one waiting; frames that
 * arrive meanwhile replace the waiting one, so a slow viewer skips frames and never slows others.
 *
 * <p>A stream that fails (the viewer went away, or stopped reading until the container's idle timeout
 * gave up on it) is left to the container, which is already ending the response: completing it as
 * well, with the failed write still pending, made Jetty log a stack trace per viewer.
 */
final class MjpegClient implements FrameListener, WriteListener, AsyncListener {
    private enum Stage { IDLE, HEADER, PICTURE, DELIMITER, FLUSH }

    /**
     * How long a write must have waited on a full socket when the container ends the stream for the
     * viewer to count as one that stopped reading: longer than a network's hiccup, far shorter than
     * any idle timeout.
     */
    static final long STOPPED_READING_NANOS = 1_000_000_000L;

    private final String cameraId;
    private final @Nullable String picture;
    private final @Nullable String account;
    private final @Nullable User login;
    private final String address;
    private final AsyncContext async;
    private final ServletOutputStream out;
    private final long minIntervalNanos;
    private final BiConsumer<MjpegClient, @Nullable Throwable> onEnd;
    private final StreamTotals totals;
    private final LongSupplier nanos;
    private final AtomicReference<@Nullable Frame> waiting = new AtomicReference<>();
    private final byte[] header = new byte[MultipartPart.PREAMBLE.length + MultipartPart.MAX_HEADER];
    private long lastAcceptedNanos;
    private boolean anyAccepted;
    // Guarded by this.
    private Stage stage = Stage.IDLE;
    private @Nullable Frame writing;
    private int headerLength;
    private boolean started;
    private boolean ended;
    private @Nullable Subscription subscription;
    /** When the viewer last got a whole picture, or the stream started. */
    private long lastSentNanos;
    /** When a write last found the socket full and is still waiting, 0 while writes go through. */
    private long blockedSinceNanos;
    /** Whether the container ended the stream while a write had waited at least {@link #STOPPED_READING_NANOS}. */
    private boolean endedBlocked;

    /**
     * @param picture the name of the picture derived from the camera's that is streamed, null for the camera's own
     * @param maxFps the viewer's cap on frames per second, or 0 for the camera's rate
     * @param totals the camera's counts of frames delivered and skipped, which this viewer adds to
     * @param account the account streaming, null where none is known
     * @param login the account as the request's login found it, null where none is known
     * @param address the viewer's address
     * @param nanos the clock of {@link #closeIfSilent}
     * @param onEnd told once when the stream ends, with the failure that ended it or null
     */
    MjpegClient(String cameraId, @Nullable String picture, @Nullable String account, @Nullable User login, String address,
            AsyncContext async, ServletOutputStream out, double maxFps, StreamTotals totals, LongSupplier nanos,
            BiConsumer<MjpegClient, @Nullable Throwable> onEnd) {
        this.cameraId = cameraId;
        this.picture = picture;
        this.account = account;
        this.login = login;
        this.address = address;
        this.async = async;
        this.out = out;
        this.minIntervalNanos = maxFps > 0 ? (long) (1e9 / maxFps) : 0;
        this.totals = totals;
        this.nanos = nanos;
        this.onEnd = onEnd;
    }

    String cameraId() {
        return cameraId;
    }

    /** The name of the derived picture streamed, null for the camera's own. */
    @Nullable String picture() {
        return picture;
    }

    @Nullable String account() {
        return account;
    }

    /** The account as the request's login found it, null where none is known. */
    @Nullable User login() {
        return login;
    }

    String address() {
        return address;
    }

    /** Who is watching what, for the log. */
    String describe() {
        return (account == null ? "a viewer" : account) + " at " + address + " (" + what() + ")";
    }

    /** What is streamed, for the log. */
    String what() {
        return "camera " + cameraId + (picture == null ? "" : ", " + picture + ".mjpg");
    }

    /** Starts streaming the source's pictures; the servlet container calls back when the socket can take data. */
    void start(PictureSource source) {
        synchronized (this) {
            lastSentNanos = nanos.getAsLong();
        }
        async.addListener(this);
        out.setWriteListener(this);
        Subscription created = source.subscribe(this);
        synchronized (this) {
            if (ended) {
                created.close();
            } else {
                subscription = created;
            }
        }
    }

    @Override
    public void onFrame(Frame frame) {
        if (minIntervalNanos > 0) {
            // Accept a frame slightly early rather than late, or a 30 fps camera capped to 15 would give 10.
            if (anyAccepted && frame.captureNanos() - lastAcceptedNanos < minIntervalNanos * 9 / 10) {
                return;
            }
            anyAccepted = true;
            lastAcceptedNanos = frame.captureNanos();
        }
        if (waiting.getAndSet(frame) != null) {
            totals.dropped.increment();
        }
        pump();
    }

    @Override
    public void onWritePossible() {
        pump();
    }

    /** Writes as much as the socket takes now; returns when it would block or nothing is left. */
    private synchronized void pump() {
        if (ended) {
            return;
        }
        try {
            while (true) {
                if (!out.isReady()) {
                    if (blockedSinceNanos == 0) {
                        blockedSinceNanos = nanos.getAsLong();
                    }
                    return;
                }
                // A failed stream reads as ready, so that its next write throws: only a write that went
                // through ends a wait.
                Stage step = stage;
                switch (stage) {
                    case IDLE -> {
                        Frame next = waiting.getAndSet(null);
                        if (next == null) {
                            return;
                        }
                        writing = next;
                        int at = 0;
                        if (!started) {
                            System.arraycopy(MultipartPart.PREAMBLE, 0, header, 0, MultipartPart.PREAMBLE.length);
                            at = MultipartPart.PREAMBLE.length;
                            started = true;
                        }
                        headerLength = MultipartPart.header(next, header, at);
                        stage = Stage.HEADER;
                    }
                    case HEADER -> {
                        out.write(header, 0, headerLength);
                        stage = Stage.PICTURE;
                    }
                    case PICTURE -> {
                        Frame frame = writing;
                        if (frame != null) {
                            out.write(frame.jpeg());
                        }
                        stage = Stage.DELIMITER;
                    }
                    case DELIMITER -> {
                        out.write(MultipartPart.DELIMITER);
                        stage = Stage.FLUSH;
                    }
                    case FLUSH -> {
                        out.flush();
                        totals.delivered.increment();
                        lastSentNanos = nanos.getAsLong();
                        writing = null;
                        stage = Stage.IDLE;
                    }
                }
                if (step != Stage.IDLE) {
                    blockedSinceNanos = 0;
                }
            }
        } catch (IOException e) {
            finish(e, true);
        } catch (IllegalStateException e) {
            // The response was completed under us.
            finish(null, true);
        }
    }

    /**
     * Ends the stream if the viewer has had no picture for {@code timeoutNanos} and nothing is waiting
     * to be written: a camera that stopped, or an {@code fps} so low that nothing is due. A viewer
     * that stopped reading has a write pending, which the container's idle timeout fails.
     *
     * @return whether the stream was ended
     */
    boolean closeIfSilent(long timeoutNanos) {
        synchronized (this) {
            if (ended || nanos.getAsLong() - lastSentNanos < timeoutNanos || stage != Stage.IDLE || !out.isReady()) {
                return false;
            }
        }
        return finish(null, false);
    }

    @Override
    public void onError(Throwable failure) {
        finish(failure, true);
    }

    @Override
    public void onComplete(AsyncEvent event) {
        finish(null, true);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        finish(null, true);
    }

    @Override
    public void onError(AsyncEvent event) {
        Throwable failure = event.getThrowable();
        finish(failure != null ? failure : new IOException("the stream failed"), true);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // Not restarted: one async cycle per stream.
    }

    /**
     * Ends the stream cleanly and frees what it held. Safe to call more than once, from any thread; returns
     * whether this call ended it.
     */
    boolean end() {
        return finish(null, false);
    }

    /**
     * Whether the container ended the stream while a write had long waited on a full socket: the viewer
     * stopped reading, whichever way the container's idle timeout reached this stream (a failed write,
     * a failed request, or the request completed under it).
     */
    synchronized boolean stoppedReading() {
        return endedBlocked;
    }

    /**
     * Ends the stream; a failed one is left to the container to close. Returns whether this call ended it.
     *
     * @param byContainer whether the container ended it (a failure, the request completed), not this side
     */
    private boolean finish(@Nullable Throwable failure, boolean byContainer) {
        Subscription held;
        synchronized (this) {
            if (ended) {
                return false;
            }
            ended = true;
            endedBlocked = byContainer && blockedSinceNanos != 0
                    && nanos.getAsLong() - blockedSinceNanos >= STOPPED_READING_NANOS;
            held = subscription;
            subscription = null;
            writing = null;
        }
        waiting.set(null);
        if (held != null) {
            held.close();
        }
        if (failure == null) {
            try {
                async.complete();
            } catch (IllegalStateException alreadyComplete) {
                // The container finished the request first.
            }
        }
        onEnd.accept(this, failure);
        return true;
    }
}
