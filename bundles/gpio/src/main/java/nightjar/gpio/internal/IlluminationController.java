package nightjar.gpio.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.illumination.IlluminationMode;
import nightjar.api.illumination.IlluminationStatus;
import nightjar.tasks.TaskClock;

/**
 * The IR illumination: the mode, AUTO's decision from the first configured of light sensor, sun and
 * picture, and the pins. Night takes the IR-cut filter out and switches the IR LEDs on, day the
 * reverse. Every change is announced first and the pins move {@link #LEAD} later, so listeners (the
 * motion detector) are ready for the light to change. Runs on the bundle's task thread only.
 */
final class IlluminationController {
    /** Time between announcing a change and moving the pins. */
    static final Duration LEAD = Duration.ofMillis(200);
    /** How long AUTO by the picture waits for one before its status says there is none. */
    static final Duration PICTURE_GRACE = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(IlluminationController.class);

    /** Told of every change before the pins move. */
    interface Announcer {
        void changing(IlluminationMode mode, boolean on);
    }

    private final GpioSettings settings;
    private final TaskClock clock;
    private final Announcer announcer;
    private final SceneDecider scene;
    private Pins.@Nullable Output ir;
    private Pins.@Nullable Output irCut;
    private Pins.@Nullable Output irCut2;
    private Pins.@Nullable Input sensor;
    private IlluminationMode mode;
    private boolean on;
    private boolean started;
    /** Whether the pins have been set once since they were claimed. */
    private boolean applied;
    private String decidedBy = "mode";
    /** What went wrong driving the outputs, and reading the sensor; empty when nothing. */
    private String outputFault = "";
    private String sensorFault = "";
    private @Nullable Instant lastAutoChange;
    private @Nullable Instant lastPicture;
    private @Nullable Instant startedAt;
    private int sensorAgreeing;
    private TaskClock.@Nullable Task pending;
    private TaskClock.@Nullable Task pulse;

    IlluminationController(GpioSettings settings, TaskClock clock, Announcer announcer) {
        this.settings = settings;
        this.clock = clock;
        this.announcer = announcer;
        this.mode = settings.mode();
        this.scene = new SceneDecider(settings.nightBelow(), settings.dayAbove());
    }

    /** Claims the pins and sets the configured mode's state. */
    void start(Pins pins) throws GpioException {
        ir = output(pins, "ir", settings.ir());
        irCut = output(pins, "ir-cut", settings.irCut());
        irCut2 = output(pins, "ir-cut-2", settings.irCut2());
        GpioSettings.PinSetting light = settings.lightSensor();
        sensor = light.present() ? pins.input("light-sensor", light.pin(), light.activeLow()) : null;
        started = true;
        applied = false;
        startedAt = clock.now();
        GpioSettings.Location location = settings.location();
        if (location != null && !settings.lightSensor().present()) {
            LocalDate today = LocalDate.ofInstant(clock.now(), ZoneOffset.UTC);
            LOG.info("IR illumination follows the sun at {}, {}: today night ends {} and begins {} (UTC, sun at {}°)",
                    location.latitude(), location.longitude(),
                    Sun.rise(today, location.latitude(), location.longitude(), settings.sunElevation()),
                    Sun.set(today, location.latitude(), location.longitude(), settings.sunElevation()),
                    settings.sunElevation());
        }
        boolean initial = mode == IlluminationMode.ON || mode == IlluminationMode.AUTO && autoVerdict(true);
        change(initial, mode == IlluminationMode.AUTO ? settings.autoSource() : "mode", true);
    }

    private static Pins.@Nullable Output output(Pins pins, String name, GpioSettings.PinSetting setting)
            throws GpioException {
        return setting.present() ? pins.output(name, setting.pin(), setting.activeLow()) : null;
    }

    void setMode(IlluminationMode next) {
        if (next == mode) {
            return;
        }
        mode = next;
        LOG.info("IR illumination mode {}", next);
        if (!started) {
            return;
        }
        boolean target = next == IlluminationMode.ON || next == IlluminationMode.AUTO && autoVerdict(true);
        // A mode change is a change even when the light stays as it is: announce it.
        change(target, next == IlluminationMode.AUTO ? settings.autoSource() : "mode", true);
    }

    /** A picture's mean brightness, from the scene meter. */
    void offerScene(double luma) {
        lastPicture = clock.now();
        scene.offer(clock.now(), luma, on);
        evaluate();
    }

    /** Called every second: reads the sensor or the sun and applies AUTO's verdict. */
    void evaluate() {
        if (!started || mode != IlluminationMode.AUTO) {
            return;
        }
        boolean night = autoVerdict(false);
        Instant last = lastAutoChange;
        if (night != on && (last == null || !clock.now().isBefore(last.plus(settings.hold())))) {
            change(night, settings.autoSource(), false);
        }
    }

    /** AUTO's verdict now; {@code immediate} takes a single sensor reading as enough. */
    private boolean autoVerdict(boolean immediate) {
        Pins.Input light = sensor;
        if (light != null) {
            try {
                boolean dark = light.active();
                sensorAgreeing = dark != on ? sensorAgreeing + 1 : 0;
                sensorFault = "";
                return immediate || sensorAgreeing >= SceneDecider.CONFIRM ? dark : on;
            } catch (GpioException e) {
                sensorFault = fault(sensorFault, e);
                return on;
            }
        }
        GpioSettings.Location location = settings.location();
        if (location != null) {
            return Sun.elevation(clock.now(), location.latitude(), location.longitude()) < settings.sunElevation();
        }
        return scene.night();
    }

    private void change(boolean night, String by, boolean announceAlways) {
        if (night == on && !announceAlways) {
            return;
        }
        boolean moved = night != on;
        on = night;
        decidedBy = by;
        sensorAgreeing = 0;
        if (mode == IlluminationMode.AUTO && moved) {
            lastAutoChange = clock.now();
        }
        if (moved) {
            scene.switching(clock.now(), night);
            LOG.info("IR illumination {} ({})", night ? "on, IR-cut filter out (night view)"
                    : "off, IR-cut filter in (day view)", reason());
        }
        announcer.changing(mode, night);
        if (moved || !applied) {
            TaskClock.Task previous = pending;
            if (previous != null) {
                previous.cancel();
            }
            pending = clock.schedule(LEAD, () -> apply(night));
        }
    }

    private String reason() {
        if (mode != IlluminationMode.AUTO) {
            return "mode " + mode;
        }
        GpioSettings.Location location = settings.location();
        return switch (decidedBy) {
            case "sensor" -> "the light sensor";
            case "sun" -> location == null ? "the sun" : String.format(Locale.ROOT, "the sun at %.1f°",
                    Sun.elevation(clock.now(), location.latitude(), location.longitude()));
            default -> String.format(Locale.ROOT, "the picture's brightness %.0f, %.0f of it the IR light's",
                    scene.last(), scene.irStep());
        };
    }

    /** Night: filter out, then LEDs on. Day: LEDs off, then filter in. */
    private void apply(boolean night) {
        pending = null;
        applied = true;
        try {
            if (night) {
                moveFilter(false);
                set(ir, true);
            } else {
                set(ir, false);
                moveFilter(true);
            }
            outputFault = "";
        } catch (GpioException e) {
            outputFault = fault(outputFault, e);
        }
    }

    private void moveFilter(boolean in) throws GpioException {
        Pins.Output second = irCut2;
        if (second == null) {
            set(irCut, in);
            return;
        }
        TaskClock.Task running = pulse;
        if (running != null) {
            running.cancel();
        }
        set(irCut, false);
        set(second, false);
        Pins.Output coil = in ? irCut : second;
        set(coil, true);
        pulse = clock.schedule(settings.irCutPulse(), () -> {
            pulse = null;
            try {
                set(coil, false);
            } catch (GpioException e) {
                outputFault = fault(outputFault, e);
            }
        });
    }

    private static void set(Pins.@Nullable Output output, boolean active) throws GpioException {
        if (output != null) {
            output.set(active);
        }
    }

    /** The fault's text, logged when it is new (a pin that keeps failing is logged once). */
    private static String fault(String previous, GpioException e) {
        String text = String.valueOf(e.getMessage());
        if (!text.equals(previous)) {
            LOG.warn("IR illumination: {}", text);
        }
        return text;
    }

    /** Cancels what is scheduled; the pins themselves are released by their owner. */
    void stop() {
        started = false;
        for (TaskClock.Task task : new TaskClock.Task[] {pending, pulse}) {
            if (task != null) {
                task.cancel();
            }
        }
        pending = null;
        pulse = null;
    }

    IlluminationStatus status() {
        String message = outputFault.isEmpty() ? sensorFault
                : sensorFault.isEmpty() ? outputFault : outputFault + "; " + sensorFault;
        if (message.isEmpty() && withoutPicture()) {
            message = "AUTO has no camera picture to decide from";
        }
        return new IlluminationStatus(mode, on, mode == IlluminationMode.AUTO ? decidedBy : "mode", message);
    }

    /** In AUTO by the picture, whether pictures have stopped coming (or never came) for a while. */
    private boolean withoutPicture() {
        Instant since = lastPicture != null ? lastPicture : startedAt;
        return started && mode == IlluminationMode.AUTO && "scene".equals(settings.autoSource()) && since != null
                && clock.now().isAfter(since.plus(settings.sceneInterval().multipliedBy(3)).plus(PICTURE_GRACE));
    }

    SceneDecider scene() {
        return scene;
    }
}
