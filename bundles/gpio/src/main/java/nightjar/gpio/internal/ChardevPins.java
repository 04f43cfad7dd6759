package nightjar.gpio.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

import nightjar.posix.Posix;

/**
 * {@link Pins} on one GPIO chip through the kernel's character device ({@code /dev/gpiochipN}), on any
 * board: a line request per pin, held by its file descriptor until {@link #close}. Pin numbers are the
 * chip's line offsets (on a Raspberry Pi's {@code pinctrl} chip, the BCM numbers). The kernel applies
 * the polarity, so what is read and written is "active".
 */
final class ChardevPins implements Pins {
    /** A chip as the kernel describes it. */
    record Chip(String name, String label, int lines) {
        @Override
        public String toString() {
            return name + " (" + label + ", " + lines + " lines)";
        }
    }

    private final Chip chip;
    private final int chipFd;
    private final List<Line> lines = new ArrayList<>();
    private boolean closed;

    private ChardevPins(Chip chip, int chipFd) {
        this.chip = chip;
        this.chipFd = chipFd;
    }

    /**
     * Opens the chip named by {@code setting} (its device name, e.g. {@code gpiochip0}, or its label),
     * or when it is empty the only chip there is, or else the Raspberry Pi's {@code pinctrl-*} chip.
     */
    static ChardevPins open(Path devices, String setting) throws GpioException {
        List<Path> candidates = chipDevices(devices);
        if (candidates.isEmpty()) {
            throw new GpioException("no GPIO character device (" + devices.resolve("gpiochip*")
                    + "): this kernel offers no GPIO chip to programs");
        }
        try {
            return open(candidates, setting.trim());
        } catch (LinkageError e) {
            throw new GpioException("the chardev provider cannot call the C library through JNA: " + e, e);
        }
    }

    /**
     * Opens and describes every chip and keeps the chosen one. A chip that cannot be opened or
     * described is passed over, and named in the error when no chip is chosen.
     */
    private static ChardevPins open(List<Path> candidates, String setting) throws GpioException {
        List<Chip> seen = new ArrayList<>();
        List<Integer> fds = new ArrayList<>();
        List<GpioException> problems = new ArrayList<>();
        try {
            for (Path device : candidates) {
                int fd;
                try {
                    fd = openDevice(device);
                } catch (GpioException e) {
                    problems.add(e);
                    continue;
                }
                try {
                    seen.add(describe(device, fd));
                    fds.add(fd);
                } catch (GpioException e) {
                    closeQuietly(fd);
                    problems.add(e);
                }
            }
            if (seen.isEmpty()) {
                throw problems.get(0);
            }
            int chosen;
            try {
                chosen = choose(seen, setting);
            } catch (GpioException e) {
                throw problems.isEmpty() ? e
                        : new GpioException(e.getMessage() + "; and " + problems.get(0).getMessage(), e);
            }
            ChardevPins pins = new ChardevPins(seen.get(chosen), fds.get(chosen));
            fds.remove(chosen);
            return pins;
        } finally {
            fds.forEach(ChardevPins::closeQuietly);
        }
    }

    /** The chip to use, by the rules of {@link #open}. */
    static int choose(List<Chip> chips, String setting) throws GpioException {
        for (int i = 0; i < chips.size(); i++) {
            Chip chip = chips.get(i);
            if (!setting.isEmpty() && (chip.name().equals(setting) || chip.label().equals(setting))) {
                return i;
            }
        }
        if (!setting.isEmpty()) {
            throw new GpioException("chip = " + setting + " names none of the GPIO chips here: " + chips);
        }
        if (chips.size() == 1) {
            return 0;
        }
        for (int i = 0; i < chips.size(); i++) {
            if (chips.get(i).label().startsWith("pinctrl-")) {
                return i;
            }
        }
        throw new GpioException("there are several GPIO chips and none is a Raspberry Pi's pinctrl chip; set chip to "
                + "the one the pins are on: " + chips);
    }

    Chip chip() {
        return chip;
    }

    @Override
    public synchronized Output output(String name, int line, boolean activeLow) throws GpioException {
        Line claimed = request(name, line, true, activeLow);
        return new Output() {
            @Override
            public void set(boolean active) throws GpioException {
                synchronized (ChardevPins.this) {
                    claimed.write(active);
                }
            }

            @Override
            public boolean active() {
                synchronized (ChardevPins.this) {
                    return claimed.active;
                }
            }
        };
    }

    @Override
    public synchronized Input input(String name, int line, boolean activeLow) throws GpioException {
        Line claimed = request(name, line, false, activeLow);
        return () -> {
            synchronized (ChardevPins.this) {
                return claimed.read();
            }
        };
    }

    @Override
    public String provider() {
        return "chardev on " + chip;
    }

    /** Sets every output inactive, then releases every line and the chip. Never throws. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        for (Line line : lines) {
            line.release();
        }
        lines.clear();
        closeQuietly(chipFd);
        closed = true;
    }

    private Line request(String name, int offset, boolean output, boolean activeLow) throws GpioException {
        requireOpen(name, offset);
        if (offset < 0 || offset >= chip.lines()) {
            throw new GpioException("GPIO " + offset + " (" + name + ") is not a line of " + chip);
        }
        Memory request = GpioUapi.lineRequest(offset, "nightjar-" + name, output, activeLow);
        try {
            Posix.ioctl(chipFd, GpioUapi.GET_LINE, request);
        } catch (LastErrorException e) {
            String why = e.getErrorCode() == Posix.EBUSY ? "it is in use" + user(offset) : error(e);
            throw new GpioException("cannot claim GPIO " + offset + " (" + name + ") of " + chip + ": " + why, e);
        }
        Line line = new Line(name, offset, request.getInt(GpioUapi.REQUEST_FD));
        lines.add(line);
        return line;
    }

    /** After close the descriptors are gone, and their numbers may be another file's by now. */
    private void requireOpen(String name, int offset) throws GpioException {
        if (closed) {
            throw new GpioException("GPIO " + offset + " (" + name + ") of " + chip + " was released");
        }
    }

    /** Who holds a line, for the message when it is busy; empty when the kernel does not say. */
    private String user(int offset) {
        Memory info = GpioUapi.zeroed(GpioUapi.LINEINFO_SIZE);
        info.setInt(GpioUapi.LINEINFO_OFFSET, offset);
        try {
            Posix.ioctl(chipFd, GpioUapi.GET_LINEINFO, info);
        } catch (LastErrorException e) {
            return "";
        }
        String consumer = GpioUapi.getString(info, GpioUapi.LINEINFO_CONSUMER);
        return consumer.isEmpty() ? "" : " by \"" + consumer + "\"";
    }

    private final class Line {
        private final String name;
        private final int offset;
        private final int fd;
        private final Memory values = GpioUapi.zeroed(GpioUapi.VALUES_SIZE);
        private boolean active;

        Line(String name, int offset, int fd) {
            this.name = name;
            this.offset = offset;
            this.fd = fd;
        }

        void write(boolean on) throws GpioException {
            requireOpen(name, offset);
            values.setLong(0, on ? 1 : 0);
            values.setLong(8, 1);
            try {
                Posix.ioctl(fd, GpioUapi.LINE_SET_VALUES, values);
                active = on;
            } catch (LastErrorException e) {
                throw new GpioException("cannot set GPIO " + offset + " (" + name + ") of " + chip + ": " + error(e), e);
            }
        }

        boolean read() throws GpioException {
            requireOpen(name, offset);
            values.setLong(0, 0);
            values.setLong(8, 1);
            try {
                Posix.ioctl(fd, GpioUapi.LINE_GET_VALUES, values);
                return (values.getLong(0) & 1) != 0;
            } catch (LastErrorException e) {
                throw new GpioException("cannot read GPIO " + offset + " (" + name + ") of " + chip + ": " + error(e), e);
            }
        }

        void release() {
            if (active) {
                try {
                    write(false);
                } catch (GpioException e) {
                    // Released below regardless; the kernel keeps the last value it was given.
                }
            }
            closeQuietly(fd);
        }
    }

    private static List<Path> chipDevices(Path devices) throws GpioException {
        try (Stream<Path> entries = Files.list(devices)) {
            return entries.filter(path -> path.getFileName().toString().matches("gpiochip\\d+"))
                    .sorted((a, b) -> Integer.compare(number(a), number(b))).toList();
        } catch (IOException | SecurityException e) {
            throw new GpioException("cannot list " + devices + ": " + e.getMessage(), e);
        }
    }

    private static int number(Path device) {
        return Integer.parseInt(device.getFileName().toString().substring("gpiochip".length()));
    }

    private static int openDevice(Path device) throws GpioException {
        try {
            return Posix.open(device.toString(), Posix.O_RDWR | Posix.O_CLOEXEC);
        } catch (LastErrorException e) {
            String hint = e.getErrorCode() == Posix.EACCES ? " (the service's user must be in the gpio group)" : "";
            throw new GpioException("cannot open " + device + ": " + error(e) + hint, e);
        }
    }

    private static Chip describe(Path device, int fd) throws GpioException {
        Memory info = GpioUapi.zeroed(GpioUapi.CHIPINFO_SIZE);
        try {
            Posix.ioctl(fd, GpioUapi.GET_CHIPINFO, info);
        } catch (LastErrorException e) {
            throw new GpioException(device + " is not a GPIO chip: " + error(e), e);
        }
        return new Chip(GpioUapi.getString(info, 0), GpioUapi.getString(info, GpioUapi.CHIPINFO_LABEL),
                info.getInt(GpioUapi.CHIPINFO_LINES));
    }

    private static String error(LastErrorException e) {
        @Nullable String text = Posix.strerror(e.getErrorCode());
        return text == null ? "errno " + e.getErrorCode() : text;
    }

    private static void closeQuietly(int fd) {
        try {
            Posix.close(fd);
        } catch (LastErrorException e) {
            // Nothing to do: the descriptor is gone either way.
        }
    }
}
