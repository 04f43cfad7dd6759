package nightjar.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nightjar.api.mqtt.MqttState;
import nightjar.mqtt.testing.Mosquitto;
import nightjar.tasks.testing.ManualTaskClock;

/** The link's reconnects against a real Mosquitto that stops and returns, on a clock whose time the test steps. */
class LinkTest {
    private static Mosquitto broker;

    @TempDir
    Path data;
    private final ManualTaskClock scheduler = new ManualTaskClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final List<MqttState> states = Collections.synchronizedList(new ArrayList<>());
    private Link link;

    @BeforeAll
    static void startBroker(@TempDir Path directory) throws Exception {
        broker = Mosquitto.start(directory);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void close() {
        if (link != null) {
            link.close();
        }
    }

    private Link link(Map<String, Object> overrides) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put("broker", broker.uri());
        config.put("username", Mosquitto.USER);
        config.put("password", broker.password());
        config.put("baseTopic", "linktest/nightjar");
        config.putAll(overrides);
        MqttSettings settings = MqttSettings.of(Fakes.config(config), "linktest", "camera-host");
        Link.Listener listener = new Link.Listener() {
            @Override
            public void connected(Link connected) {
            }

            @Override
            public void message(String topic, byte[] payload) {
            }

            @Override
            public void stateChanged(MqttState state, String message) {
                states.add(state);
            }
        };
        link = new Link(scheduler, settings, new AlertQueue(data.resolve("alerts"), 10, 1 << 20), listener,
                (warning, text) -> log.add((warning ? "WARN " : "INFO ") + text));
        return link;
    }

    @Test
    void aBrokerThatReturnsIsReconnectedWithinFiveSecondsAndItsAbsenceIsOneLogLine() throws Exception {
        Link connection = link(Map.of("reconnectMaxSeconds", 60));
        connection.start();
        scheduler.runDue();
        assertEquals(MqttState.CONNECTED, connection.state());

        broker.stop();
        List<Long> pauses = new ArrayList<>();
        try {
            assertTrue(scheduler.awaitDue(Duration.ofSeconds(30)), "Paho tells that the connection was lost");
            scheduler.runDue();
            assertEquals(MqttState.DISCONNECTED, connection.state());
            // A broker away for a minute and more: every attempt fails at once (the port is closed).
            for (int attempt = 0; attempt < 20; attempt++) {
                pauses.add(scheduler.runNext().toMillis());
                assertEquals(MqttState.DISCONNECTED, connection.state());
            }
        } finally {
            broker.start();
        }
        long pause = scheduler.runNext().toMillis();
        assertEquals(MqttState.CONNECTED, connection.state());

        assertEquals(List.of(1000L, 2000L, 4000L), pauses.subList(0, 3));
        assertTrue(pauses.stream().allMatch(p -> p <= 5000), "probed every 5 s at most: " + pauses);
        assertTrue(pause <= 5000, "back within 5 s of the broker: " + pause + " ms after the last attempt");
        List<String> warnings = log.stream().filter(line -> line.startsWith("WARN")).toList();
        assertEquals(1, warnings.size(), "one line for the whole absence, not one per attempt or reason: " + log);
        assertTrue(warnings.get(0).startsWith("WARN MQTT DISCONNECTED: " + broker.uri() + " as nightjar: "), log.toString());
        assertTrue(warnings.get(0).endsWith("(retrying, at most every 5 s)"), warnings.get(0));
        assertEquals(4, log.size(), "connecting, connected, disconnected, connected again: " + log);
        assertTrue(log.get(3).startsWith("INFO MQTT: connected to " + broker.uri()), log.get(3));
    }

    @Test
    void aBrokerThatRefusesThePasswordBacksOffToTheConfiguredMaximumWithOneLine() throws Exception {
        Link connection = link(Map.of("reconnectMaxSeconds", 60, "password", "wrong"));
        connection.start();
        scheduler.runDue();
        assertEquals(MqttState.NOT_AUTHORIZED, connection.state());
        List<Long> pauses = new ArrayList<>();
        for (int attempt = 0; attempt < 8; attempt++) {
            pauses.add(scheduler.runNext().toMillis());
        }
        // Asking again at once would not change the broker's mind; the attempts thin out.
        assertEquals(List.of(1000L, 2000L, 4000L, 8000L, 16000L, 32000L, 60000L, 60000L), pauses);
        assertEquals(List.of("INFO MQTT: connecting to " + broker.uri() + " as nightjar"), log.subList(0, 1));
        assertEquals(2, log.size(), log.toString());
        assertTrue(log.get(1).startsWith("WARN MQTT NOT_AUTHORIZED: ") && log.get(1).endsWith("at most every 60 s)"),
                log.get(1));
    }
}
