package nightjar.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nightjar.api.mqtt.MqttState;

/** The bridge's executor without a broker: the states it reports, and the work handed over to it. */
class BridgeRunnerTest {
    @TempDir
    Path data;
    private final BlockingQueue<String> states = new LinkedBlockingQueue<>();
    private BridgeRunner runner;

    private BridgeRunner runner(Path machineId) {
        runner = new BridgeRunner(new Services(), data, machineId, (state, text) -> states.add(state + ": " + text));
        return runner;
    }

    /** A runner started without a broker. */
    private BridgeRunner idle(Path machineId) {
        runner(machineId).start(Fakes.config(Map.of()), "1.2.3");
        return runner;
    }

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.stop();
        }
    }

    private String nextState() throws InterruptedException {
        String state = states.poll(10, TimeUnit.SECONDS);
        assertNotNull(state, "no state reported");
        return state;
    }

    private static String deviceId(BridgeRunner runner) throws Exception {
        CompletableFuture<String> id = new CompletableFuture<>();
        runner.onBridge(bridge -> id.complete(bridge.deviceId()));
        return id.get(10, TimeUnit.SECONDS);
    }

    @Test
    void withoutABrokerItIsIdleAndSaysWhy() throws Exception {
        idle(data.resolve("no-machine-id"));
        assertEquals("IDLE: no broker configured (config/nightjar.mqtt.cfg): MQTT is off", nextState());
        assertEquals(0, runner.pendingAlerts());
    }

    @Test
    void anUnusableConfigurationIsReportedWithItsReasonAndABlankOneMakesItIdleAgain() throws Exception {
        runner(data.resolve("no-machine-id")).start(Fakes.config(Map.of("broker", "mqtt://broker")), "1.2.3");
        String refused = nextState();
        assertTrue(refused.startsWith(MqttState.INVALID_CONFIGURATION + ": ")
                && refused.contains("tcp://host[:port] or ssl://host[:port]"), refused);
        runner.apply(Fakes.config(Map.of()));
        assertTrue(nextState().startsWith("IDLE: "));
    }

    @Test
    void theDeviceIdComesFromTheMachineIdOrIsMadeOnceAndKept() throws Exception {
        Path machineId = Files.writeString(data.resolve("machine-id"), "0123456789abcdef0123456789abcdef\n");
        assertEquals(DeviceIdentity.hash("0123456789abcdef0123456789abcdef"), deviceId(idle(machineId)));
        runner.stop();

        String made = deviceId(idle(data.resolve("no-machine-id")));
        assertEquals(made + "\n", Files.readString(data.resolve("device-id")));
        runner.stop();
        assertEquals(made, deviceId(idle(data.resolve("no-machine-id"))));
    }

    @Test
    void noDeviceIdIsAnUnusableConfiguration() throws Exception {
        // Where the id would be kept is below a file: it cannot be made.
        Path blocked = Files.writeString(data.resolve("blocked"), "");
        runner = new BridgeRunner(new Services(), blocked, data.resolve("no-machine-id"),
                (state, text) -> states.add(state + ": " + text));
        runner.start(Fakes.config(Map.of()), "1.2.3");
        assertTrue(nextState().startsWith(MqttState.INVALID_CONFIGURATION + ": no device id: "));
    }

    @Test
    void aFailingTaskDoesNotEndTheExecutor() throws Exception {
        idle(data.resolve("no-machine-id"));
        runner.onBridge(bridge -> {
            throw new IllegalStateException("a bug in one task");
        });
        assertFalse(deviceId(runner).isEmpty(), "the task after the failing one ran");
    }

    @Test
    void workHandedOverAfterStopIsDroppedQuietly() {
        // DS unbinds the dynamic references after deactivation, and they hand work over.
        idle(data.resolve("no-machine-id"));
        runner.stop();
        runner.onBridge(Bridge::publishDeviceState);
        runner.apply(Fakes.config(Map.of()));
        runner.stop();
    }
}
