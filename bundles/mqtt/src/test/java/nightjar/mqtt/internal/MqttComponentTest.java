package nightjar.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;

import nightjar.api.camera.testing.FakeCamera;
import nightjar.api.event.Topics;
import nightjar.api.illumination.IlluminationMode;
import nightjar.mqtt.testing.HomeAssistant;
import nightjar.mqtt.testing.JsonReader;
import nightjar.mqtt.testing.ManualRecorder;
import nightjar.mqtt.testing.ModeIllumination;
import nightjar.mqtt.testing.Mosquitto;

/** The component against a real Mosquitto 2, watched with mosquitto_sub. */
class MqttComponentTest {
    private static Mosquitto broker;
    private static int topics;

    @TempDir
    Path data;
    private final List<MqttComponent> started = new ArrayList<>();
    private String base;
    private String prefix;

    @BeforeAll
    static void startBroker(@TempDir Path directory) throws Exception {
        broker = Mosquitto.start(directory);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void stopComponents() {
        started.forEach(MqttComponent::deactivate);
    }

    private Map<String, Object> settings() {
        topics++;
        base = "test" + topics + "/nightjar";
        prefix = "ha" + topics;
        Map<String, Object> config = new HashMap<>();
        config.put("broker", broker.uri());
        config.put("username", Mosquitto.USER);
        config.put("password", broker.password());
        config.put("baseTopic", base);
        config.put("discoveryPrefix", prefix);
        config.put("reconnectMaxSeconds", 2);
        config.put("webUrl", "https://camera.example:8443/");
        return config;
    }

    private MqttComponent component(Fakes.Context context, Map<String, Object> config, FakeCamera camera,
            Fakes.FakeDetector detector) {
        MqttComponent component = new MqttComponent();
        component.setAppliance(context.appliance);
        component.addCamera(camera);
        component.addDetector(detector);
        component.activate(context.context, Fakes.config(config));
        started.add(component);
        return component;
    }

    @Test
    void withoutABrokerItStaysIdle() throws Exception {
        Fakes.Context context = new Fakes.Context(data);
        MqttComponent component = new MqttComponent();
        component.setAppliance(context.appliance);
        component.activate(context.context, Fakes.config(Map.of()));
        started.add(component);
        await(() -> context.state().equals("IDLE") && context.properties.size() > 1);
        assertEquals(List.of("IDLE"), context.states());
    }

    @Test
    void onlineRetainedStateAndDiscoveryWithTheKeysHomeAssistantRequires() throws Exception {
        Map<String, Object> config = settings();
        Mosquitto.Subscriber subscriber = broker.subscribe(null, base + "/#", prefix + "/#");
        Fakes.Context context = new Fakes.Context(data);
        component(context, config, Fakes.camera("front"), new Fakes.FakeDetector("front"));

        String node = "nightjar_" + deviceId();
        List<String> discovery = new ArrayList<>();
        for (String topic : List.of("binary_sensor/%s/front_motion", "camera/%s/front_snapshot",
                "switch/%s/front_detection", "switch/%s/front_recording", "button/%s/front_snapshot",
                "select/%s/ir_mode", "binary_sensor/%s/ir_fault", "sensor/%s/uptime", "sensor/%s/free_space")) {
            discovery.add(prefix + "/" + String.format(topic, node) + "/config");
        }
        List<String> wanted = new ArrayList<>(List.of(base + "/availability", base + "/front/state", base + "/state"));
        wanted.addAll(discovery);
        Map<String, Mosquitto.Message> seen = subscriber.first(wanted);
        assertEquals(wanted.size(), seen.size(), "missing: " + wanted.stream().filter(t -> !seen.containsKey(t)).toList());

        assertEquals("online", seen.get(base + "/availability").text());
        Map<String, Object> state = JsonReader.object(seen.get(base + "/front/state").text());
        assertEquals(12.5, state.get("fps"));
        assertEquals("160x120", state.get("resolution"));
        assertEquals(Boolean.TRUE, state.get("detecting"));
        assertEquals(Boolean.FALSE, state.get("recording"));
        assertEquals(Boolean.FALSE, state.get("recorder"), "no recorder: recording is unavailable");
        assertTrue(state.containsKey("clients") && state.get("clients") == null, "no stream bundle: no count");
        Map<String, Object> device = JsonReader.object(seen.get(base + "/state").text());
        assertTrue(((Number) device.get("uptime")).longValue() > 0);
        assertEquals(List.of("front"), device.get("cameras"));
        assertEquals("CONNECTED", context.state());

        List<String> components = new ArrayList<>();
        for (String topic : discovery) {
            String component = HomeAssistant.component(prefix, topic);
            Map<String, Object> json = JsonReader.object(seen.get(topic).text());
            assertEquals(List.of(), HomeAssistant.missing(component, json), topic);
            components.add(component);
            Map<?, ?> owner = (Map<?, ?>) json.get("device");
            assertEquals(List.of(node), owner.get("identifiers"));
            assertEquals("https://camera.example:8443/", owner.get("configuration_url"));
            assertEquals("1.2.3", owner.get("sw_version"));
            assertEquals(base + "/availability", ((Map<?, ?>) ((List<?>) json.get("availability")).get(0)).get("topic"));
        }
        assertEquals(List.of("binary_sensor", "camera", "switch", "switch", "button", "select", "binary_sensor",
                "sensor", "sensor"), components);
        assertEquals(base + "/front/snapshot", JsonReader.object(seen.get(discovery.get(1)).text()).get("topic"));
        assertEquals(List.of("ON", "OFF", "AUTO"), JsonReader.object(seen.get(discovery.get(5)).text()).get("options"));

        // A subscriber that comes later gets all of it from the broker: it is retained.
        Map<String, Mosquitto.Message> late = broker.subscribe(null, base + "/#", prefix + "/#").first(wanted);
        assertEquals(wanted.size(), late.size());
        assertEquals(List.of(), late.values().stream().filter(m -> !m.retained()).map(Mosquitto.Message::topic).toList(),
                "not retained");

        // Home Assistant restarts and announces itself: everything is published again.
        broker.publish(prefix + "/status", "online", false);
        String motion = discovery.get(0);
        Map<String, Object> again = JsonReader.object(subscriber.next(motion).text());
        assertEquals("motion", again.get("device_class"));
        assertEquals(base + "/front/motion", again.get("state_topic"));
    }

    private String deviceId() throws Exception {
        Path machineId = Path.of("/etc/machine-id");
        return Files.isReadable(machineId) && !Files.readString(machineId).isBlank()
                ? DeviceIdentity.hash(Files.readString(machineId).trim())
                : Files.readString(data.resolve("mqtt/device-id")).trim();
    }

    @Test
    void everyCommandChangesTheRetainedStateAndBadOnesAreIgnored() throws Exception {
        Map<String, Object> config = settings();
        Fakes.Context context = new Fakes.Context(data);
        Fakes.FakeDetector detector = new Fakes.FakeDetector("front");
        MqttComponent component = component(context, config, Fakes.camera("front"), detector);
        Mosquitto.Subscriber subscriber = broker.subscribe(null, base + "/#");
        assertNotNull(subscriber.next(base + "/front/state"));

        broker.publish(base + "/front/detect/set", "OFF", false);
        assertEquals(Boolean.FALSE, JsonReader.object(subscriber.next(base + "/front/state").text()).get("detecting"));
        assertFalse(detector.detecting);
        broker.publish(base + "/front/detect/set", "on", false);
        assertEquals(Boolean.TRUE, JsonReader.object(subscriber.next(base + "/front/state").text()).get("detecting"));

        // Without a recorder the command is refused and the state says the recorder is missing.
        broker.publish(base + "/front/recording/set", "ON", false);
        Map<String, Object> refused = JsonReader.object(subscriber.next(base + "/front/state").text());
        assertEquals(Boolean.FALSE, refused.get("recorder"));
        assertEquals(Boolean.FALSE, refused.get("recording"));
        ManualRecorder recorder = new ManualRecorder();
        component.setRecorder(recorder);
        broker.publish(base + "/front/recording/set", "ON", false);
        Map<String, Object> recording = JsonReader.object(subscriber.next(m -> m.topic().equals(base + "/front/state")
                && m.text().contains("\"recording\":true"), 30_000).text());
        assertEquals(Boolean.TRUE, recording.get("recorder"));
        assertEquals(Boolean.TRUE, recorder.manual("front"));
        broker.publish(base + "/front/recording/set", "OFF", false);
        assertNotNull(subscriber.next(m -> m.topic().equals(base + "/front/state")
                && m.text().contains("\"recording\":false"), 30_000));
        assertEquals(Boolean.FALSE, recorder.manual("front"));

        ModeIllumination illumination = new ModeIllumination();
        component.setIllumination(illumination);
        broker.publish(base + "/ir/set", "AUTO", false);
        Map<String, Object> device = JsonReader.object(subscriber.next(m -> m.topic().equals(base + "/state")
                && m.text().contains("AUTO"), 30_000).text());
        assertEquals("AUTO", ((Map<?, ?>) device.get("ir")).get("mode"));
        assertEquals(IlluminationMode.AUTO, illumination.mode());
        assertEquals(5L * 1024, ((Number) device.get("freeMB")).longValue());

        broker.publish(base + "/front/snapshot/request", "", false);
        assertJpeg(subscriber.next(base + "/front/snapshot").payload());

        // Malformed and oversized commands and unknown cameras change nothing; the next good one still works.
        broker.publish(base + "/front/detect/set", "MAYBE", false);
        broker.publish(base + "/front/detect/set", "O".repeat(10_000), false);
        broker.publish(base + "/ir/set", "DISCO", false);
        broker.publish(base + "/nosuch/detect/set", "OFF", false);
        broker.publish(base + "/front/detect/set", "OFF", false);
        Map<String, Object> after = JsonReader.object(subscriber.next(base + "/front/state").text());
        assertEquals(Boolean.FALSE, after.get("detecting"), "the first state after the bad commands is the good one's");
        assertEquals(IlluminationMode.AUTO, illumination.mode());
    }

    @Test
    void motionStartAndEndProduceMotionEventAndSnapshot() throws Exception {
        Map<String, Object> config = settings();
        Fakes.Context context = new Fakes.Context(data);
        MqttComponent component = component(context, config, Fakes.camera("front"), new Fakes.FakeDetector("front"));
        Mosquitto.Subscriber subscriber = broker.subscribe(null, base + "/front/motion", base + "/front/event",
                base + "/front/snapshot");
        await(() -> context.state().equals("CONNECTED"));

        component.handleEvent(new Event(Topics.MOTION_STARTED, Map.of("camera", "front", "timestamp", 1_700_000_000_000L,
                "score", 0.125, "regions", "[{\"x\":0.1000,\"y\":0.2000,\"width\":0.3000,\"height\":0.4000}]")));
        component.handleEvent(new Event(Topics.RECORDING_STARTED, Map.of("camera", "front",
                "file", "/recordings/front/clip.ogg", "reason", "motion")));
        component.handleEvent(new Event(Topics.MOTION_ENDED, Map.of("camera", "front", "timestamp", 1_700_000_007_500L,
                "duration", 7_500L)));

        Mosquitto.Message snapshot = subscriber.next(m -> !m.retained(), 30_000);
        assertEquals(base + "/front/snapshot", snapshot.topic(), "the snapshot comes first, then motion ON");
        assertJpeg(snapshot.payload());
        assertEquals("ON", subscriber.next(base + "/front/motion").text());
        Map<String, Object> start = JsonReader.object(subscriber.next(base + "/front/event").text());
        assertEquals("start", start.get("type"));
        assertEquals("front", start.get("camera"));
        assertEquals("2023-11-14T22:13:20Z", start.get("start"));
        assertEquals(0.125, start.get("score"));
        assertEquals(0.3, ((Map<?, ?>) ((List<?>) start.get("regions")).get(0)).get("width"));
        assertEquals("OFF", subscriber.next(base + "/front/motion").text());
        Map<String, Object> end = JsonReader.object(subscriber.next(base + "/front/event").text());
        assertEquals("end", end.get("type"));
        assertEquals("2023-11-14T22:13:27.500Z", end.get("end"));
        assertEquals(7.5, end.get("duration"));
        assertEquals("/recordings/front/clip.ogg", end.get("file"));
        await(() -> component.pendingAlerts() == 0);
    }

    @Test
    void alertsWhileTheBrokerIsAwaySurviveARestartOfNightjarAndArriveInOrder() throws Exception {
        Map<String, Object> config = settings();
        Fakes.Context context = new Fakes.Context(data);
        FakeCamera camera = Fakes.camera("front");
        MqttComponent first = component(context, config, camera, new Fakes.FakeDetector("front"));
        String events = base + "/front/event";
        broker.subscribe("persistent-" + base.replace('/', '-'), events).close();
        await(() -> context.state().equals("CONNECTED"));

        broker.stop();
        try {
            await(() -> context.state().equals("DISCONNECTED"));
            for (int i = 1; i <= 3; i++) {
                long start = 1_700_000_000_000L + i * 60_000L;
                first.handleEvent(new Event(Topics.MOTION_STARTED, Map.of("camera", "front", "timestamp", start,
                        "score", i / 10.0)));
                first.handleEvent(new Event(Topics.MOTION_ENDED, Map.of("camera", "front", "timestamp", start + 1000,
                        "duration", 1000L)));
            }
            // Each start is snapshot, motion and event; each end motion and event.
            await(() -> first.pendingAlerts() == 15);
            first.deactivate();
            started.remove(first);
            assertEquals(15, Files.list(data.resolve("mqtt/alerts")).count(), "on disk while Nightjar is stopped");
            component(new Fakes.Context(data), config, camera, new Fakes.FakeDetector("front"));
        } finally {
            broker.start();
        }
        Mosquitto.Subscriber subscriber = broker.subscribe("persistent-" + base.replace('/', '-'), events);
        List<String> received = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Map<String, Object> event = JsonReader.object(subscriber.next(events).text());
            received.add(event.get("type") + " " + event.get("start"));
        }
        assertEquals(List.of("start 2023-11-14T22:14:20Z", "end 2023-11-14T22:14:20Z", "start 2023-11-14T22:15:20Z",
                "end 2023-11-14T22:15:20Z", "start 2023-11-14T22:16:20Z", "end 2023-11-14T22:16:20Z"), received);
        await(() -> {
            try {
                return Files.list(data.resolve("mqtt/alerts")).count() == 0;
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    @Test
    void aWrongPasswordIsOneClearStateAndNoBusyLoop() throws Exception {
        Map<String, Object> config = settings();
        config.put("password", "wrong");
        Fakes.Context context = new Fakes.Context(data);
        component(context, config, Fakes.camera("front"), new Fakes.FakeDetector("front"));
        await(() -> context.state().equals("NOT_AUTHORIZED"));
        String message = String.valueOf(context.properties.get(context.properties.size() - 1).get("mqtt.message"));
        assertTrue(message.contains("nightjar") && !message.contains("wrong"), "names the user, never the password: " + message);
        // How the attempts thin out is LinkTest's, on a scheduler whose time the test steps.
        assertEquals(List.of("IDLE", "CONNECTING", "NOT_AUTHORIZED"), context.states());
    }

    @Test
    void anUntrustedCertificateIsOneClearStateAndTheRightCaConnects() throws Exception {
        Map<String, Object> config = settings();
        config.put("broker", broker.tlsUri());
        config.put("caFile", broker.otherCaFile().toString());
        Fakes.Context context = new Fakes.Context(data);
        component(context, config, Fakes.camera("front"), new Fakes.FakeDetector("front"));
        await(() -> context.state().equals("TLS_FAILED"));
        assertEquals(List.of("IDLE", "CONNECTING", "TLS_FAILED"), context.states());

        Fakes.Context trusted = new Fakes.Context(data.resolve("trusted"));
        Map<String, Object> good = settings();
        good.put("broker", broker.tlsUri());
        good.put("caFile", broker.caFile().toString());
        Mosquitto.Subscriber subscriber = broker.subscribe(null, base + "/availability");
        component(trusted, good, Fakes.camera("front"), new Fakes.FakeDetector("front"));
        assertEquals("online", subscriber.next(base + "/availability").text());
        assertEquals("CONNECTED", trusted.state());
    }

    @Test
    void anUnusableConfigurationIsAClearStateUntilItIsFixed() throws Exception {
        Map<String, Object> config = settings();
        config.put("broker", "mqtt://broker.local");
        Fakes.Context context = new Fakes.Context(data);
        MqttComponent component = component(context, config, Fakes.camera("front"), new Fakes.FakeDetector("front"));
        await(() -> context.state().equals("INVALID_CONFIGURATION"));
        String message = String.valueOf(context.properties.get(context.properties.size() - 1).get("mqtt.message"));
        assertTrue(message.contains("tcp://host[:port] or ssl://host[:port]"), message);

        Mosquitto.Subscriber subscriber = broker.subscribe(null, base + "/availability");
        component.modified(Fakes.config(Map.of("broker", broker.uri(), "username", Mosquitto.USER,
                "password", broker.password(), "baseTopic", base)));
        assertEquals("online", subscriber.next(base + "/availability").text());
        assertEquals(List.of("IDLE", "INVALID_CONFIGURATION", "CONNECTING", "CONNECTED"), context.states());
    }

    @Test
    void aBrokerThatRequiresAClientCertificateTakesOurs() throws Exception {
        Map<String, Object> without = settings();
        without.put("broker", broker.clientCertificateUri());
        without.put("caFile", broker.caFile().toString());
        Fakes.Context refused = new Fakes.Context(data.resolve("refused"));
        component(refused, without, Fakes.camera("front"), new Fakes.FakeDetector("front"));
        await(() -> !List.of("IDLE", "CONNECTING").contains(refused.state()));
        assertFalse(refused.state().equals("CONNECTED"), refused.states().toString());

        Map<String, Object> with = settings();
        Path[] certificate = broker.clientCertificate();
        with.put("broker", broker.clientCertificateUri());
        with.put("caFile", broker.caFile().toString());
        with.put("clientCertFile", certificate[0].toString());
        with.put("clientKeyFile", certificate[1].toString());
        Mosquitto.Subscriber subscriber = broker.subscribe(null, base + "/availability");
        Fakes.Context accepted = new Fakes.Context(data.resolve("accepted"));
        component(accepted, with, Fakes.camera("front"), new Fakes.FakeDetector("front"));
        assertEquals("online", subscriber.next(base + "/availability").text());
        assertEquals("CONNECTED", accepted.state());
    }

    @Test
    void aChangedConfigurationAppliesLiveAndTheOldBaseTopicGoesOffline() throws Exception {
        Map<String, Object> config = settings();
        Fakes.Context context = new Fakes.Context(data);
        MqttComponent component = component(context, config, Fakes.camera("front"), new Fakes.FakeDetector("front"));
        String oldBase = base;
        Mosquitto.Subscriber subscriber = broker.subscribe(null, oldBase + "/availability");
        assertEquals("online", subscriber.next(oldBase + "/availability").text());
        Map<String, Object> changed = settings();
        Mosquitto.Subscriber renamed = broker.subscribe(null, base + "/availability");
        component.modified(Fakes.config(changed));
        assertEquals("offline", subscriber.next(oldBase + "/availability").text());
        assertEquals("online", renamed.next(base + "/availability").text());
    }

    private static void assertJpeg(byte[] payload) throws Exception {
        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(payload));
        assertNotNull(picture, "a JPEG");
        assertEquals(160, picture.getWidth());
        assertNull(null);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(20);
        }
    }
}
