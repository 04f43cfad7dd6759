package nightjar.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device id and what the board reports about itself. */
class SystemFactsTest {
    @TempDir
    Path directory;

    @Test
    void theDeviceIdHashesTheMachineIdAndElseIsMadeOnceAndKept() throws Exception {
        Path machineId = Files.writeString(directory.resolve("machine-id"), "4c4c4544004a3510804b\n");
        String id = DeviceIdentity.of(machineId, directory.resolve("kept"));
        assertTrue(id.matches("[0-9a-f]{12}"), id);
        assertFalse("4c4c4544004a3510804b".contains(id), "the machine id itself is not sent");
        assertEquals(id, DeviceIdentity.of(machineId, directory.resolve("kept")));

        Path none = directory.resolve("no-machine-id");
        String made = DeviceIdentity.of(none, directory.resolve("data/device-id"));
        assertEquals(made, DeviceIdentity.of(none, directory.resolve("data/device-id")), "stable across restarts");
        assertNotEquals(id, made);
    }

    @Test
    void theCpuZoneIsPreferredAndNoZoneMeansNoTemperature() throws Exception {
        Path thermal = directory.resolve("thermal");
        Files.createDirectories(thermal.resolve("thermal_zone0"));
        Files.writeString(thermal.resolve("thermal_zone0/type"), "acpitz\n");
        Files.writeString(thermal.resolve("thermal_zone0/temp"), "27800\n");
        Files.createDirectories(thermal.resolve("thermal_zone1"));
        Files.writeString(thermal.resolve("thermal_zone1/type"), "cpu-thermal\n");
        Files.writeString(thermal.resolve("thermal_zone1/temp"), "48312\n");
        Path uptime = Files.writeString(directory.resolve("uptime"), "12345.67 23456.78\n");
        Machine machine = new Machine(thermal, uptime);
        assertEquals(48.312, machine.cpuTemperature().getAsDouble(), 1e-9);
        assertEquals(12345, machine.uptimeSeconds());

        Machine bare = new Machine(directory.resolve("absent"), directory.resolve("absent-uptime"));
        assertTrue(bare.cpuTemperature().isEmpty());
        assertTrue(bare.uptimeSeconds() >= 0);
    }
}
