package nightjar.gpio.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import nightjar.api.camera.CameraState;

/**
 * What the status LED shows: the most urgent of error, recording, motion, running and starting,
 * each a pattern of its own, from what the events and the cameras say. Plain and single-threaded:
 * the component feeds it on the bundle's task thread, and {@link #tick} drives the LED and says
 * when to call it again (the next edge of the pattern), so the LED costs a wake-up per edge.
 */
final class StatusLed {
    /** How long a storage-low warning shows after the last one (the recorder repeats it while low). */
    static final Duration STORAGE_LOW_SHOWN = Duration.ofMinutes(10);
    /** After this, the appliance counts as running even if no camera streams (there may be none). */
    static final Duration STARTING_AT_MOST = Duration.ofSeconds(60);

    /** The patterns, most urgent first. Phases in milliseconds, alternately lit and dark, lit first. */
    enum Pattern {
        /** Three short flashes and a pause: a camera in error or storage low. */
        ERROR(150, 150, 150, 150, 150, 1250),
        /** Lit, with a short wink every two seconds (so a hung LED is not mistaken for recording). */
        RECORDING(1800, 200),
        /** Fast even blinking. */
        MOTION(125, 125),
        /** A heartbeat: two short beats every two seconds. */
        RUNNING(100, 150, 100, 1650),
        /** Slow even blinking. */
        STARTING(500, 500);

        private final long[] phases;
        private final long cycle;

        Pattern(long... phases) {
            this.phases = phases;
            long sum = 0;
            for (long phase : phases) {
                sum += phase;
            }
            this.cycle = sum;
        }

        /** Whether the LED is lit at {@code millis} into the pattern, and the time to the next edge. */
        boolean lit(long millis, long[] untilEdge) {
            long at = Math.floorMod(millis, cycle);
            for (int i = 0; i < phases.length; i++) {
                if (at < phases[i]) {
                    untilEdge[0] = phases[i] - at;
                    return i % 2 == 0;
                }
                at -= phases[i];
            }
            untilEdge[0] = 1;
            return false;
        }
    }

    private final Pins.@Nullable Output led;
    private final Instant started;
    private final Set<String> cameraErrors = new HashSet<>();
    private final Set<String> recording = new HashSet<>();
    private final Set<String> motion = new HashSet<>();
    private final long[] untilEdge = new long[1];
    private boolean streamed;
    private @Nullable Instant storageLowUntil;
    private @Nullable Pattern shown;
    private Instant shownSince;
    private String fault = "";

    StatusLed(Pins.@Nullable Output led, Instant started) {
        this.led = led;
        this.started = started;
        this.shownSince = started;
    }

    /** A camera's state, from an event or from the camera service itself. */
    void camera(String id, CameraState state) {
        if (state == CameraState.ERROR) {
            cameraErrors.add(id);
        } else {
            cameraErrors.remove(id);
        }
        if (state == CameraState.STREAMING) {
            streamed = true;
        }
        if (state == CameraState.ERROR || state == CameraState.STOPPED) {
            motion.remove(id);
            recording.remove(id);
        }
    }

    /** A camera went away: what it was doing is over. */
    void cameraGone(String id) {
        cameraErrors.remove(id);
        motion.remove(id);
        recording.remove(id);
    }

    void motion(String camera, boolean moving) {
        if (moving) {
            motion.add(camera);
        } else {
            motion.remove(camera);
        }
    }

    void recording(String camera, boolean on) {
        if (on) {
            recording.add(camera);
        } else {
            recording.remove(camera);
        }
    }

    void storageLow(Instant now) {
        storageLowUntil = now.plus(STORAGE_LOW_SHOWN);
    }

    /** The most urgent pattern now. */
    Pattern pattern(Instant now) {
        Instant low = storageLowUntil;
        if (!cameraErrors.isEmpty() || low != null && now.isBefore(low)) {
            return Pattern.ERROR;
        }
        if (!recording.isEmpty()) {
            return Pattern.RECORDING;
        }
        if (!motion.isEmpty()) {
            return Pattern.MOTION;
        }
        if (streamed || !now.isBefore(started.plus(STARTING_AT_MOST))) {
            return Pattern.RUNNING;
        }
        return Pattern.STARTING;
    }

    /**
     * Sets the LED for the moment and answers how long until it must change. A new pattern starts
     * from its beginning, so a change shows at once.
     */
    Duration tick(Instant now) {
        Pattern pattern = pattern(now);
        if (pattern != shown) {
            shown = pattern;
            shownSince = now;
        }
        boolean lit = pattern.lit(Duration.between(shownSince, now).toMillis(), untilEdge);
        Pins.Output output = led;
        if (output != null) {
            try {
                output.set(lit);
                fault = "";
            } catch (GpioException e) {
                fault = String.valueOf(e.getMessage());
            }
        }
        Instant low = storageLowUntil;
        long next = untilEdge[0];
        if (low != null && now.isBefore(low)) {
            next = Math.min(next, Duration.between(now, low).toMillis() + 1);
        }
        if (!streamed && now.isBefore(started.plus(STARTING_AT_MOST))) {
            next = Math.min(next, Duration.between(now, started.plus(STARTING_AT_MOST)).toMillis() + 1);
        }
        return Duration.ofMillis(Math.max(1, next));
    }

    /** The LED's last fault, empty when it is driven fine. */
    String fault() {
        return fault;
    }
}
