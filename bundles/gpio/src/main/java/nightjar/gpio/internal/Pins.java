package nightjar.gpio.internal;

/**
 * The GPIO pins this bundle drives, by BCM number, with their polarity applied: callers speak of
 * "active" (LED lit, filter in, sensor sees dark), never of levels. Closing releases every pin,
 * outputs set inactive first, so nothing is left driven.
 */
interface Pins extends AutoCloseable {
    /** Claims an output, inactive from the start. */
    Output output(String name, int bcm, boolean activeLow) throws GpioException;

    /** Claims an input. */
    Input input(String name, int bcm, boolean activeLow) throws GpioException;

    /** Which provider drives the pins, for the log: {@code mock}, {@code gpiod}, {@code chardev on gpiochip0 (...)}. */
    String provider();

    @Override
    void close();

    interface Output {
        void set(boolean active) throws GpioException;

        boolean active();
    }

    interface Input {
        boolean active() throws GpioException;
    }
}
