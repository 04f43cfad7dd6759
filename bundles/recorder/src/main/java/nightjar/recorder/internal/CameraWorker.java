package nightjar.recorder.internal;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.camera.Frame;
import nightjar.api.camera.FrameListener;
import nightjar.tasks.Threads;

/**
 * The thread a camera's recording runs on. The camera's delivery thread only puts the frame in a
 * bounded inbox (no allocation, no waiting); when the encoder falls behind and the inbox is full, the
 * frame is dropped and counted, so a slow disk or CPU never grows memory or holds up the camera.
 * Events (motion, manual, storage, ticks) are never dropped and are handled before waiting frames.
 */
final class CameraWorker implements FrameListener {
    private static final Logger LOG = LoggerFactory.getLogger(CameraWorker.class);
    /** About two seconds of frames at the usual rates. */
    static final int INBOX_FRAMES = 32;

    private final CameraRecorder recorder;
    private final DoubleSupplier motionScore;
    private final Thread thread;
    private final Object lock = new Object();
    // Guarded by lock: a ring of frames with their scores, and the events.
    private final Frame[] frames = new Frame[INBOX_FRAMES];
    private final double[] scores = new double[INBOX_FRAMES];
    private int head;
    private int count;
    private long droppedSinceTaken;
    private final ArrayDeque<Consumer<CameraRecorder>> events = new ArrayDeque<>();
    private boolean stopping;

    CameraWorker(CameraRecorder recorder, DoubleSupplier motionScore) {
        this.recorder = recorder;
        this.motionScore = motionScore;
        this.thread = Threads.thread("nightjar-recorder-" + recorder.cameraId(), this::run);
    }

    void start() {
        thread.start();
    }

    /** On the camera's delivery thread. */
    @Override
    public void onFrame(Frame frame) {
        double score = motionScore.getAsDouble();
        synchronized (lock) {
            if (stopping) {
                return;
            }
            if (count == INBOX_FRAMES) {
                droppedSinceTaken++;
                return;
            }
            int slot = (head + count) % INBOX_FRAMES;
            frames[slot] = frame;
            scores[slot] = score;
            count++;
            lock.notifyAll();
        }
    }

    /** Runs {@code event} on the worker, after the events before it and before the frames waiting. */
    void post(Consumer<CameraRecorder> event) {
        synchronized (lock) {
            if (!stopping) {
                events.add(event);
                lock.notifyAll();
            }
        }
    }

    /** Closes the clip being written and ends the thread; waits for it at most {@code millis}. */
    void stop(long millis) throws InterruptedException {
        synchronized (lock) {
            events.add(CameraRecorder::shutdown);
            stopping = true;
            lock.notifyAll();
        }
        thread.join(millis);
        if (thread.isAlive()) {
            LOG.warn("Camera {}: the recording worker did not end within {} ms", recorder.cameraId(), millis);
            thread.interrupt();
        }
    }

    CameraRecorder recorder() {
        return recorder;
    }

    private void run() {
        while (true) {
            Consumer<CameraRecorder> event;
            @Nullable Frame frame = null;
            double score = 0;
            long dropped = 0;
            synchronized (lock) {
                while (events.isEmpty() && count == 0 && !stopping) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                event = events.poll();
                if (event == null) {
                    if (count == 0 || stopping) {
                        return; // stopping: the clip is closed, frames still waiting are not wanted
                    }
                    frame = frames[head];
                    score = scores[head];
                    frames[head] = null;
                    head = (head + 1) % INBOX_FRAMES;
                    count--;
                    dropped = droppedSinceTaken;
                    droppedSinceTaken = 0;
                }
            }
            try {
                if (event != null) {
                    event.accept(recorder);
                } else if (frame != null) {
                    recorder.frame(frame, score, dropped);
                }
            } catch (RuntimeException e) {
                // A bug must not end recording for good: say so and go on with the next frame.
                LOG.error("Camera {}: recording failed unexpectedly", recorder.cameraId(), e);
            }
        }
    }
}
