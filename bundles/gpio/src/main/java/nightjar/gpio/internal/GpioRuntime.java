package nightjar.gpio.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.camera.CameraState;
import nightjar.api.illumination.IlluminationMode;
import nightjar.api.illumination.IlluminationStatus;
import nightjar.tasks.TaskClock;

/**
 * Everything the bundle does, without the framework: chooses and starts the provider (auto falls
 * back to chardev, then mock, when gpiod cannot start; a provider asked for by name is retried with a
 * growing pause), claims the pins, runs the illumination and the status LED, and releases every pin
 * at {@link #stop}. Its methods may be called from any thread; the work runs on the
 * {@link TaskClock}'s.
 */
final class GpioRuntime {
    static final Duration TICK = Duration.ofSeconds(1);
    static final Duration CAMERA_POLL = Duration.ofSeconds(5);
    static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    static final Duration LAST_RETRY = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(GpioRuntime.class);

    /** Starts a provider. */
    interface PinsFactory {
        Pins open(PinsProvider kind) throws GpioException;
    }

    private final GpioSettings settings;
    private final TaskClock clock;
    private final PinsFactory factory;
    private final Path boardModel;
    private final Supplier<Map<String, CameraState>> cameras;
    private final IlluminationController illumination;
    private volatile IlluminationStatus published;
    private @Nullable Pins pins;
    private @Nullable StatusLed led;
    private TaskClock.@Nullable Task ledTask;
    private TaskClock.@Nullable Task tickTask;
    private TaskClock.@Nullable Task retryTask;
    private Duration retry = FIRST_RETRY;
    private String fault = "";
    private long ticks;
    private boolean stopped;

    GpioRuntime(GpioSettings settings, TaskClock clock, PinsFactory factory, Path boardModel,
            Supplier<Map<String, CameraState>> cameras, IlluminationController.Announcer announcer) {
        this.settings = settings;
        this.clock = clock;
        this.factory = factory;
        this.boardModel = boardModel;
        this.cameras = cameras;
        this.illumination = new IlluminationController(settings, clock, announcer);
        this.published = new IlluminationStatus(settings.mode(), false, "mode", "starting");
    }

    void start() {
        clock.execute(() -> run(this::open));
    }

    void setMode(IlluminationMode mode) {
        clock.execute(() -> run(() -> illumination.setMode(mode)));
    }

    void offerScene(double luma) {
        clock.execute(() -> run(() -> illumination.offerScene(luma)));
    }

    void camera(String id, CameraState state) {
        onLed(led -> led.camera(id, state));
    }

    void cameraGone(String id) {
        onLed(led -> led.cameraGone(id));
    }

    void motion(String camera, boolean moving) {
        onLed(led -> led.motion(camera, moving));
    }

    void recording(String camera, boolean on) {
        onLed(led -> led.recording(camera, on));
    }

    void storageLow() {
        onLed(led -> led.storageLow(clock.now()));
    }

    IlluminationStatus status() {
        return published;
    }

    /** On the clock's thread: cancels everything and releases every pin, outputs inactive first. */
    void stop() {
        stopped = true;
        illumination.stop();
        for (TaskClock.Task task : new TaskClock.Task[] {ledTask, tickTask, retryTask}) {
            if (task != null) {
                task.cancel();
            }
        }
        Pins current = pins;
        pins = null;
        led = null;
        if (current != null) {
            current.close();
            LOG.debug("GPIO pins released");
        }
    }

    private void open() {
        retryTask = null;
        if (stopped) {
            return;
        }
        ProviderSelection.Choice choice = ProviderSelection.choose(settings.provider(), boardModel);
        try {
            Pins claimed = claim(choice.kind());
            LOG.info("GPIO: {} provider ({})", claimed.provider(), choice.reason());
        } catch (GpioException e) {
            if (choice.mayFallBack()) {
                fallBack(e);
            } else {
                String text = String.valueOf(e.getMessage());
                if (text.equals(fault)) {
                    LOG.debug("GPIO: {}; trying again in {} s", text, retry.toSeconds());
                } else {
                    LOG.error("GPIO: {}; trying again in {} s, and later every {} min at most", text,
                            retry.toSeconds(), LAST_RETRY.toMinutes());
                }
                fault = text;
                retryTask = clock.schedule(retry, () -> run(this::open));
                retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
            }
        }
    }

    /**
     * Auto on a Pi where Pi4J's gpiod failed: the character device drives the same chip without Pi4J's
     * board detection; only when that fails too does the mock provider take over, and that is a fault.
     */
    private void fallBack(GpioException gpiod) {
        try {
            Pins claimed = claim(PinsProvider.CHARDEV);
            LOG.warn("GPIO: {}; the {} provider drives the pins instead", gpiod.getMessage(), claimed.provider());
            return;
        } catch (GpioException chardev) {
            LOG.error("GPIO: {}; and {}; falling back to the mock provider, so NO pin is driven", gpiod.getMessage(),
                    chardev.getMessage());
            fault = "gpiod and chardev failed, the mock provider drives nothing: " + gpiod.getMessage() + "; "
                    + chardev.getMessage();
        }
        String failed = fault;
        try {
            claim(PinsProvider.MOCK);
            fault = failed;
        } catch (GpioException mock) {
            fault = String.valueOf(mock.getMessage());
        }
    }

    private Pins claim(PinsProvider kind) throws GpioException {
        Pins opened = factory.open(kind);
        try {
            illumination.start(opened);
            GpioSettings.PinSetting ledPin = settings.led();
            Pins.Output output = ledPin.present() ? opened.output("led", ledPin.pin(), ledPin.activeLow()) : null;
            pins = opened;
            led = new StatusLed(output, clock.now());
            fault = "";
            retry = FIRST_RETRY;
        } catch (GpioException | RuntimeException e) {
            illumination.stop();
            opened.close();
            throw e instanceof GpioException g ? g : new GpioException(Pi4jPins.describe(e), e);
        }
        pollCameras();
        blink();
        tickTask = clock.schedule(TICK, this::tick);
        return opened;
    }

    private void tick() {
        tickTask = null;
        if (stopped) {
            return;
        }
        ticks++;
        run(illumination::evaluate);
        if (ticks % (CAMERA_POLL.toSeconds() / TICK.toSeconds()) == 0) {
            pollCameras();
        }
        tickTask = clock.schedule(TICK, this::tick);
    }

    /** The cameras' own states, so the LED is right even about an event it missed. */
    private void pollCameras() {
        StatusLed current = led;
        if (current != null) {
            cameras.get().forEach(current::camera);
        }
    }

    private void blink() {
        ledTask = null;
        StatusLed current = led;
        if (stopped || current == null) {
            return;
        }
        ledTask = clock.schedule(current.tick(clock.now()), this::blink);
    }

    private void onLed(java.util.function.Consumer<StatusLed> change) {
        clock.execute(() -> {
            StatusLed current = led;
            if (current != null && !stopped) {
                change.accept(current);
                TaskClock.Task task = ledTask;
                if (task != null) {
                    task.cancel();
                }
                blink();
            }
        });
    }

    private void run(Runnable work) {
        work.run();
        IlluminationStatus status = illumination.status();
        StatusLed current = led;
        String ledFault = current == null ? "" : current.fault();
        String message = join(join(fault, status.message()), ledFault);
        published = new IlluminationStatus(status.mode(), status.on(), status.decidedBy(), message);
    }

    private static String join(String first, String second) {
        return first.isEmpty() ? second : second.isEmpty() ? first : first + "; " + second;
    }

    IlluminationController illumination() {
        return illumination;
    }
}
