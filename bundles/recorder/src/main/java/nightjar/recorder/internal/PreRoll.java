package nightjar.recorder.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import nightjar.api.camera.Frame;

/**
 * The last seconds of a camera's frames, for the start of a motion clip: bounded by time and by
 * bytes, so a large picture gets a shorter pre-roll instead of exhausting the heap. Frames are shared
 * and immutable, so holding one costs no copy. At most one frame per clip frame interval is kept.
 */
final class PreRoll {
    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private long nanos;
    private long maxBytes;
    private long bytes;
    private long intervalNanos;
    private boolean shortened;

    PreRoll(long nanos, long maxBytes) {
        resize(nanos, maxBytes);
    }

    void resize(long newNanos, long newMaxBytes) {
        nanos = newNanos;
        maxBytes = newMaxBytes;
        trim();
    }

    /** Keeps frames no closer together than this (the clip's frame interval). */
    void interval(long newIntervalNanos) {
        intervalNanos = newIntervalNanos;
    }

    void add(Frame frame) {
        if (nanos == 0) {
            return;
        }
        Frame newest = frames.peekLast();
        // Half an interval of slack: cameras deliver with jitter, and the clip places frames by slot.
        if (newest != null && frame.captureNanos() - newest.captureNanos() < intervalNanos / 2) {
            return;
        }
        frames.addLast(frame);
        bytes += frame.jpegLength();
        trim();
    }

    /** The frames taken at or after {@code from}, oldest first. */
    List<Frame> since(Instant from) {
        List<Frame> taken = new ArrayList<>();
        for (Frame frame : frames) {
            if (!frame.wallClock().isBefore(from)) {
                taken.add(frame);
            }
        }
        return taken;
    }

    void clear() {
        frames.clear();
        bytes = 0;
    }

    /** Whether the byte bound has cut the pre-roll short since the last call; for one log line, not one per frame. */
    boolean shortenedSinceAsked() {
        boolean was = shortened;
        shortened = false;
        return was;
    }

    private void trim() {
        Frame newest = frames.peekLast();
        if (newest == null) {
            return;
        }
        // One frame older than the window, so the clip can begin at the window's start exactly.
        while (frames.size() > 1) {
            Frame first = frames.peekFirst();
            boolean tooOld = newest.captureNanos() - first.captureNanos() > nanos + intervalNanos;
            boolean tooBig = bytes > maxBytes;
            if (!tooOld && !tooBig) {
                break;
            }
            if (tooBig && !tooOld) {
                shortened = true;
            }
            frames.removeFirst();
            bytes -= first.jpegLength();
        }
    }
}
