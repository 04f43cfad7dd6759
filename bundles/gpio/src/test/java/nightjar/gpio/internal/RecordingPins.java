package nightjar.gpio.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nightjar.tasks.TaskClock;

/**
 * Pi4J's mock provider with a log of every output that changes, as {@code +200ms ir=1} (time since
 * the test's start, pin name, active or not), and of whatever the test adds (the announcements),
 * so a test can assert the exact sequence.
 */
final class RecordingPins implements Pins {
    private final Pi4jPins mock;
    private final TaskClock clock;
    private final Instant start;
    private final List<String> log = new ArrayList<>();

    RecordingPins(TaskClock clock) throws GpioException {
        this.mock = Pi4jPins.open(PinsProvider.MOCK);
        this.clock = clock;
        this.start = clock.now();
    }

    @Override
    public Output output(String name, int bcm, boolean activeLow) throws GpioException {
        Output real = mock.output(name, bcm, activeLow);
        return new Output() {
            @Override
            public void set(boolean active) throws GpioException {
                boolean was = real.active();
                real.set(active);
                if (was != active) {
                    note(name + "=" + (active ? 1 : 0));
                }
            }

            @Override
            public boolean active() {
                return real.active();
            }
        };
    }

    @Override
    public Input input(String name, int bcm, boolean activeLow) throws GpioException {
        return mock.input(name, bcm, activeLow);
    }

    @Override
    public String provider() {
        return "recording " + mock.provider();
    }

    @Override
    public void close() {
        mock.close();
        note("closed");
    }

    void note(String what) {
        log.add("+" + Duration.between(start, clock.now()).toMillis() + "ms " + what);
    }

    /** The log so far, emptied. */
    List<String> take() {
        List<String> taken = List.copyOf(log);
        log.clear();
        return taken;
    }

    Pi4jPins mock() {
        return mock;
    }
}
