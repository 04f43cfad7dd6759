package nightjar.gpio.internal;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Day or night from the picture's mean brightness, without being fooled by the IR light itself.
 *
 * <ul>
 * <li>Hysteresis: night below {@code nightBelow}, day again only above {@code dayAbove}, each for
 *     {@link #CONFIRM} analysed pictures in a row (a passing headlight changes nothing).
 * <li>IR compensation: the IR LEDs light the scene, so with them on the picture is brighter by
 *     roughly what they add. The step is learnt at the switch: the brightness before it, and the
 *     brightness once the camera's exposure has settled after it; with the IR on, the step is taken
 *     off every reading before it is compared with {@code dayAbove}.
 * <li>The minimum hold time between two changes is the caller's ({@link IlluminationController}),
 *     since it applies to every source.
 * </ul>
 * Plain and single-threaded: the controller calls it on the bundle's task thread.
 */
final class SceneDecider {
    /** Analysed pictures in a row that must agree before the verdict changes. */
    static final int CONFIRM = 3;
    /** How long pictures are ignored after a switch: the camera's exposure and the filter settle. */
    static final Duration SETTLE = Duration.ofSeconds(6);

    private final int nightBelow;
    private final int dayAbove;
    private boolean night;
    private int agreeing;
    private double last = Double.NaN;
    private double step;
    private double before = Double.NaN;
    private boolean learning;
    private @Nullable Instant settleUntil;

    SceneDecider(int nightBelow, int dayAbove) {
        this.nightBelow = nightBelow;
        this.dayAbove = dayAbove;
    }

    /**
     * Takes the mean luma (0 to 255) of a picture taken with the IR light as it is now ({@code irOn});
     * answers whether the scene says night.
     */
    boolean offer(Instant now, double luma, boolean irOn) {
        Instant settle = settleUntil;
        if (settle != null && now.isBefore(settle)) {
            return night;
        }
        settleUntil = null;
        if (learning) {
            learning = false;
            if (irOn && !Double.isNaN(before)) {
                step = Math.max(0, luma - before);
            }
        }
        last = luma;
        double ambient = irOn ? luma - step : luma;
        boolean other = night ? ambient > dayAbove : ambient < nightBelow;
        agreeing = other ? agreeing + 1 : 0;
        if (agreeing >= CONFIRM) {
            night = !night;
            agreeing = 0;
        }
        return night;
    }

    /**
     * The IR light is about to switch ({@code irOn} is the new state): remember the brightness before,
     * ignore the pictures while it settles, and learn the step from the first one after.
     */
    void switching(Instant now, boolean irOn) {
        before = last;
        learning = irOn;
        settleUntil = now.plus(SETTLE);
        agreeing = 0;
        if (!irOn) {
            step = 0;
        }
        // Whoever switched (a sensor, the sun, a person) is right for now: start from its verdict.
        night = irOn;
    }

    /** What the IR light adds to the picture's mean brightness, as learnt at the last switch on. */
    double irStep() {
        return step;
    }

    /** The last reading, NaN before the first. */
    double last() {
        return last;
    }

    boolean night() {
        return night;
    }
}
