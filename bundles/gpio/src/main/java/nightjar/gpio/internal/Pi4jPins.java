package nightjar.gpio.internal;

import java.util.ArrayList;
import java.util.List;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.provider.Provider;

/**
 * {@link Pins} on a Pi4J context of our own, built with the providers handed over explicitly: Pi4J's
 * ServiceLoader discovery does not work inside OSGi, and no shutdown hook is installed (the bundle
 * releases its pins in deactivate, and a hook would pin the bundle's class loader).
 */
final class Pi4jPins implements Pins {
    private final PinsProvider kind;
    private final Context context;
    private final String outputProvider;
    private final String inputProvider;
    private final List<Pi4jOutput> outputs = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();

    private Pi4jPins(PinsProvider kind, Context context, String outputProvider, String inputProvider) {
        this.kind = kind;
        this.context = context;
        this.outputProvider = outputProvider;
        this.inputProvider = inputProvider;
    }

    /**
     * Starts a Pi4J context on its mock or gpiod provider. The gpiod provider's native library loads
     * here or at the first pin.
     */
    static Pi4jPins open(PinsProvider kind) throws GpioException {
        if (kind == PinsProvider.CHARDEV) {
            throw new IllegalArgumentException("the chardev provider is not Pi4J's");
        }
        Provider<?, ?, ?> output;
        Provider<?, ?, ?> input;
        try {
            if (kind == PinsProvider.GPIOD) {
                output = GpioDDigitalOutputProvider.newInstance();
                input = GpioDDigitalInputProvider.newInstance();
            } else {
                output = MockDigitalOutputProvider.newInstance();
                input = MockDigitalInputProvider.newInstance();
            }
            Context context = Pi4J.newContextBuilder().noAutoDetect().noAutoInject().disableShutdownHook()
                    .add(output, input).build();
            return new Pi4jPins(kind, context, output.id(), input.id());
        } catch (RuntimeException | LinkageError e) {
            throw new GpioException("the " + kind.label() + " GPIO provider cannot start: " + describe(e), e);
        }
    }

    @Override
    public synchronized Output output(String name, int bcm, boolean activeLow) throws GpioException {
        DigitalState inactive = level(false, activeLow);
        try {
            DigitalOutput pin = context.create(DigitalOutput.newConfigBuilder(context).id(id(name)).name(name)
                    .address(bcm).initial(inactive).shutdown(inactive).provider(outputProvider));
            ids.add(id(name));
            Pi4jOutput wrapped = new Pi4jOutput(name, bcm, pin, activeLow);
            outputs.add(wrapped);
            return wrapped;
        } catch (RuntimeException | LinkageError e) {
            throw new GpioException(failure(name, bcm, e), e);
        }
    }

    @Override
    public synchronized Input input(String name, int bcm, boolean activeLow) throws GpioException {
        try {
            DigitalInput pin = context.create(DigitalInput.newConfigBuilder(context).id(id(name)).name(name)
                    .address(bcm).pull(PullResistance.OFF).provider(inputProvider));
            ids.add(id(name));
            return () -> {
                try {
                    return pin.state() == level(true, activeLow);
                } catch (RuntimeException e) {
                    throw new GpioException(failure(name, bcm, e), e);
                }
            };
        } catch (RuntimeException | LinkageError e) {
            throw new GpioException(failure(name, bcm, e), e);
        }
    }

    @Override
    public String provider() {
        return kind.label();
    }

    /** The Pi4J pin behind a name, for tests on the mock provider. */
    synchronized <T extends com.pi4j.io.IO> T pi4j(String name, Class<T> type) {
        return context.registry().get(id(name), type);
    }

    /** Whether Pi4J still holds a pin of that name. */
    synchronized boolean holds(String name) {
        return context.registry().exists(id(name));
    }

    /** Sets every output inactive, releases every pin, then shuts the context down. Never throws. */
    @Override
    public synchronized void close() {
        for (Pi4jOutput output : outputs) {
            output.release();
        }
        outputs.clear();
        for (String id : ids) {
            try {
                context.shutdown(id);
            } catch (RuntimeException e) {
                // Already gone, or the provider failed: the context's shutdown below tries again.
            }
        }
        ids.clear();
        try {
            context.shutdown();
        } catch (RuntimeException e) {
            // Nothing more can be done about a provider that fails to shut down.
        }
    }

    private static String id(String name) {
        return "nightjar-" + name;
    }

    static DigitalState level(boolean active, boolean activeLow) {
        return active != activeLow ? DigitalState.HIGH : DigitalState.LOW;
    }

    private String failure(String name, int bcm, Throwable e) {
        String text = "the " + kind.label() + " provider cannot use GPIO " + bcm + " (" + name + "): " + describe(e);
        if (kind == PinsProvider.GPIOD && text.contains("No gpio chip")) {
            // Pi4J 2.8.0 opens a chip only on a board it recognises as a Raspberry Pi, labelled pinctrl-*.
            text += " (Pi4J's gpiod provider drives only a Raspberry Pi's own GPIO chip; provider = chardev drives any)";
        }
        return text;
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        Throwable cause = e.getCause();
        String text = message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
        return cause != null && cause != e && cause.getMessage() != null && !text.contains(cause.getMessage())
                ? text + " (" + cause.getMessage() + ")" : text;
    }

    private final class Pi4jOutput implements Output {
        private final String name;
        private final int bcm;
        private final DigitalOutput pin;
        private final boolean activeLow;
        private boolean active;

        Pi4jOutput(String name, int bcm, DigitalOutput pin, boolean activeLow) {
            this.name = name;
            this.bcm = bcm;
            this.pin = pin;
            this.activeLow = activeLow;
        }

        @Override
        public void set(boolean on) throws GpioException {
            synchronized (Pi4jPins.this) {
                try {
                    pin.state(level(on, activeLow));
                    active = on;
                } catch (RuntimeException e) {
                    throw new GpioException(failure(name, bcm, e), e);
                }
            }
        }

        @Override
        public boolean active() {
            synchronized (Pi4jPins.this) {
                return active;
            }
        }

        void release() {
            try {
                pin.state(level(false, activeLow));
                active = false;
            } catch (RuntimeException e) {
                // Released below regardless.
            }
        }
    }
}
