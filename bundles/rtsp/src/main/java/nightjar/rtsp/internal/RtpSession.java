package nightjar.rtsp.internal;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import nightjar.api.camera.Camera;
import nightjar.api.camera.Frame;
import nightjar.api.camera.FrameListener;
import nightjar.api.camera.Subscription;
import nightjar.tasks.Threads;

/**
 * One client's RTP stream of a camera. The camera's delivery thread only leaves the newest frame here
 * (never waits); the session's own sender thread cuts it into packets and writes them, so a session
 * holds at most the frame being sent and the newest waiting, and a slow client skips frames. An RTCP
 * sender report goes out with the first frame and then every {@link #REPORT_NANOS}, so clients can map
 * RTP time to the wall clock.
 */
final class RtpSession implements FrameListener {
    static final long REPORT_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** What a session tells its owner. */
    interface Owner {
        /** The session cannot go on (its output failed): end it and its connection. */
        void failed(RtpSession session, IOException failure);

        /** A frame could not be sent (once per frame; the owner summarises). */
        void frameProblem(RtpSession session, String problem);

        /** A frame was re-coded before it was sent. */
        void recoded(RtpSession session, JpegLayout.Recode reason);
    }

    private final String id;
    private final Camera camera;
    private final Transport transport;
    private final RtpOutput output;
    private final RtpJpegForm form;
    private final int ssrc;
    private final int timestampBase;
    private final String cname;
    private final LongSupplier nanos;
    private final Owner owner;
    private final AtomicReference<@Nullable Frame> waiting = new AtomicReference<>();
    /** Written by the sender thread only; read by PLAY's reply. */
    private volatile int sequence;
    private long packets;
    private long octets;
    private long lastReportNanos;
    private boolean reported;
    // Guarded by this.
    private @Nullable Subscription subscription;
    private @Nullable Thread sender;
    private long anchorNanos;
    private boolean anchored;
    private boolean ended;
    private long framesSent;
    private long framesSkipped;

    RtpSession(String id, Camera camera, Transport transport, RtpOutput output, RtpJpegForm form, int ssrc,
            int timestampBase, int firstSequence, String cname, LongSupplier nanos, Owner owner) {
        this.id = id;
        this.camera = camera;
        this.transport = transport;
        this.output = output;
        this.form = form;
        this.ssrc = ssrc;
        this.timestampBase = timestampBase;
        this.sequence = firstSequence & 0xffff;
        this.cname = cname;
        this.nanos = nanos;
        this.owner = owner;
    }

    String id() {
        return id;
    }

    Camera camera() {
        return camera;
    }

    Transport transport() {
        return transport;
    }

    int ssrc() {
        return ssrc;
    }

    synchronized boolean playing() {
        return subscription != null;
    }

    synchronized long framesSent() {
        return framesSent;
    }

    synchronized long framesSkipped() {
        return framesSkipped;
    }

    /**
     * Where a PLAY starts: the RTP time is anchored at the first PLAY.
     *
     * @return the RTP-Info of the reply: the sequence number and RTP time the stream starts at
     */
    synchronized String play(String url) {
        if (!anchored) {
            anchorNanos = nanos.getAsLong();
            anchored = true;
        }
        return "url=" + url + ";seq=" + (sequence & 0xffff) + ";rtptime="
                + Integer.toUnsignedString(Rtp.timestamp(timestampBase, anchorNanos, nanos.getAsLong()));
    }

    /**
     * Starts (or resumes) sending, from the camera's newest frame on; called once PLAY's reply is written,
     * so that no packet goes before it.
     */
    void start() {
        synchronized (this) {
            if (ended || subscription != null) {
                return;
            }
            if (sender == null) {
                Thread thread = Threads.thread("nightjar-rtsp-send-" + id.substring(0, 8), this::send);
                sender = thread;
                thread.start();
            }
            Frame latest = camera.latestFrame();
            if (latest != null) {
                waiting.set(latest);
                notifyAll();
            }
        }
        Subscription created = camera.subscribe(this);
        synchronized (this) {
            if (ended || subscription != null) {
                created.close();
            } else {
                subscription = created;
            }
        }
    }

    /** Stops sending; {@link #start} resumes. */
    void pause() {
        Subscription held;
        synchronized (this) {
            held = subscription;
            subscription = null;
        }
        if (held != null) {
            held.close();
        }
        waiting.set(null);
    }

    /** Ends the session and frees its output. Safe to call more than once, from any thread. */
    void end() {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            notifyAll();
        }
        pause();
        output.close();
    }

    @Override
    public void onFrame(Frame frame) {
        if (waiting.getAndSet(frame) != null) {
            synchronized (this) {
                framesSkipped++;
            }
        }
        synchronized (this) {
            notifyAll();
        }
    }

    private void send() {
        try {
            while (true) {
                Frame frame = next();
                if (frame == null) {
                    return;
                }
                sendFrame(frame);
            }
        } catch (IOException e) {
            owner.failed(this, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized @Nullable Frame next() throws InterruptedException {
        while (true) {
            if (ended) {
                return null;
            }
            Frame frame = waiting.getAndSet(null);
            if (frame != null) {
                return frame;
            }
            wait();
        }
    }

    /** Sends one frame (on the sender thread); package-private for tests that drive it without a thread. */
    void sendFrame(Frame frame) throws IOException {
        RtpJpegForm.Prepared prepared = frame.form(form);
        RtpJpegPayloads payloads = prepared.payloads();
        if (payloads == null) {
            owner.frameProblem(this, String.valueOf(prepared.problem()));
            return;
        }
        JpegLayout.Recode recoded = prepared.recoded();
        if (recoded != null) {
            owner.recoded(this, recoded);
        }
        long anchor;
        synchronized (this) {
            anchor = anchorNanos;
        }
        int timestamp = Rtp.timestamp(timestampBase, anchor, frame.captureNanos());
        long now = nanos.getAsLong();
        if (!reported || now - lastReportNanos >= REPORT_NANOS) {
            output.rtcp(Rtp.senderReport(ssrc, frame.wallClock(), timestamp, packets, octets, cname));
            reported = true;
            lastReportNanos = now;
        }
        byte[] header = new byte[Rtp.HEADER];
        output.startFrame();
        int count = payloads.count();
        for (int i = 0; i < count; i++) {
            Rtp.header(header, 0, i == count - 1, sequence, timestamp, ssrc);
            sequence = (sequence + 1) & 0xffff;
            output.rtp(header, payloads.header(i), payloads.data(), payloads.offset(i), payloads.length(i));
        }
        output.endFrame();
        packets += count;
        octets += payloads.bytes();
        synchronized (this) {
            framesSent++;
        }
    }
}
