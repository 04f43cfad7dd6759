package nightjar.mqtt.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/** What the board says about itself: CPU temperature (where it has a thermal zone) and uptime. */
final class Machine {
    private final Path thermal;
    private final Path uptime;

    Machine(Path thermal, Path uptime) {
        this.thermal = thermal;
        this.uptime = uptime;
    }

    static Machine local() {
        return new Machine(Path.of("/sys/class/thermal"), Path.of("/proc/uptime"));
    }

    /**
     * Degrees Celsius from the thermal zone whose type names the CPU or SoC (on a Pi: {@code cpu-thermal}),
     * else the first zone; empty when the board has none.
     */
    OptionalDouble cpuTemperature() {
        List<Path> zones;
        try (Stream<Path> listed = Files.list(thermal)) {
            zones = listed.filter(p -> p.getFileName().toString().startsWith("thermal_zone")).sorted().toList();
        } catch (IOException | RuntimeException none) {
            return OptionalDouble.empty();
        }
        Path chosen = zones.stream().filter(Machine::isCpu).findFirst().orElse(zones.isEmpty() ? null : zones.get(0));
        if (chosen == null) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Long.parseLong(Files.readString(chosen.resolve("temp")).trim()) / 1000.0);
        } catch (IOException | NumberFormatException unreadable) {
            return OptionalDouble.empty();
        }
    }

    /** Seconds since the system started ({@code /proc/uptime}), else since the Java runtime started. */
    long uptimeSeconds() {
        try {
            String first = Files.readString(uptime).trim().split("\\s+")[0];
            return (long) Double.parseDouble(first);
        } catch (IOException | NumberFormatException notLinux) {
            return ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
        }
    }

    private static boolean isCpu(Path zone) {
        try {
            String type = Files.readString(zone.resolve("type")).trim().toLowerCase(Locale.ROOT);
            return type.contains("cpu") || type.contains("soc") || type.contains("x86_pkg");
        } catch (IOException unreadable) {
            return false;
        }
    }
}
