package nightjar.mqtt.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.IntSupplier;

import org.eclipse.paho.client.mqttv3.MqttException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.camera.Camera;
import nightjar.api.camera.CameraStatus;
import nightjar.api.camera.Frame;
import nightjar.api.illumination.Illumination;
import nightjar.api.illumination.IlluminationStatus;
import nightjar.api.motion.MotionDetector;
import nightjar.api.mqtt.MqttState;
import nightjar.api.recording.Recorder;
import nightjar.api.recording.RecordingStatus;
import nightjar.api.recording.StorageStatus;
import nightjar.api.stream.StreamViewers;
import nightjar.tasks.TaskClock;

/**
 * What the bridge says and does over its link: retained state, alerts through the disk buffer,
 * discovery, and the commands. Confined to the component's executor: every method runs on it.
 */
final class Bridge implements Link.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(Bridge.class);

    private final Services services;
    private final Machine machine;
    private final String deviceId;
    private final String version;
    private final BiConsumer<MqttState, String> states;
    private final IntSupplier httpsPort;
    private final Map<String, Memo> memos = new HashMap<>();
    private final Commands commands;
    private @Nullable Link link;
    private volatile @Nullable AlertQueue queue;
    private @Nullable Discovery discovery;
    private @Nullable MqttSettings settings;

    /** What the bridge remembers of a camera's current event. */
    private static final class Memo {
        long start;
        @Nullable String file;
    }

    Bridge(Services services, Machine machine, String deviceId, String version, IntSupplier httpsPort,
            BiConsumer<MqttState, String> states) {
        this.services = services;
        this.machine = machine;
        this.deviceId = deviceId;
        this.version = version;
        this.states = states;
        this.httpsPort = httpsPort;
        this.commands = new Commands(services, this);
    }

    /** Connects with the settings (null: idle), dropping the previous connection. */
    void apply(@Nullable MqttSettings next, Path alerts, TaskClock clock) {
        close();
        settings = next;
        if (next == null) {
            queue = null;
            discovery = null;
            return;
        }
        try {
            AlertQueue opened = new AlertQueue(alerts, next.bufferMessages(), next.bufferBytes());
            queue = opened;
            discovery = new Discovery(next, deviceId, version, httpsPort);
            Link made = new Link(clock, next, opened, this);
            link = made;
            if (opened.size() > 0) {
                LOG.info("MQTT: {} alert(s) buffered from before are delivered when the broker is reached", opened.size());
            }
            made.start();
        } catch (IOException e) {
            stateChanged(MqttState.INVALID_CONFIGURATION, "the alert buffer " + alerts + " cannot be used: " + e);
        }
    }

    void close() {
        Link current = link;
        link = null;
        if (current != null) {
            current.close();
        }
    }

    String deviceId() {
        return deviceId;
    }

    int pending() {
        AlertQueue current = queue;
        return current == null ? 0 : current.size();
    }

    @Override
    public void connected(Link connected) throws MqttException {
        MqttSettings current = connected.settings();
        String base = current.baseTopic();
        connected.publish(base + "/availability", Link.ONLINE, 1, true);
        connected.subscribe(base + "/+/detect/set", base + "/+/recording/set", base + "/+/snapshot/request",
                base + "/ir/set", current.discoveryPrefix() + "/status");
        publishDiscovery();
        connected.deliver();
        publishState();
    }

    @Override
    public void stateChanged(MqttState state, String message) {
        states.accept(state, message);
    }

    /** The retained state of the device and of every camera (on connect, on change, and now and then). */
    void publishState() {
        publishDeviceState();
        services.cameras.keySet().forEach(this::publishCameraState);
    }

    void publishDiscovery() {
        Link current = link;
        Discovery documents = discovery;
        if (current == null || documents == null || !current.settings().discovery()) {
            return;
        }
        documents.device(machine.cpuTemperature().isPresent()).forEach(d -> current.publish(d.topic(), d.payload(), 1, true));
        services.cameras.forEach((id, camera) -> documents.camera(id, camera.name())
                .forEach(d -> current.publish(d.topic(), d.payload(), 1, true)));
    }

    void cameraAdded(String id) {
        Link current = link;
        Discovery documents = discovery;
        Camera camera = services.cameras.get(id);
        if (current != null && documents != null && camera != null && current.settings().discovery()) {
            documents.camera(id, camera.name()).forEach(d -> current.publish(d.topic(), d.payload(), 1, true));
        }
        publishCameraState(id);
    }

    /** A camera whose configuration was deleted: its entities and retained topics are removed. */
    void cameraDeleted(String id) {
        Link current = link;
        Discovery documents = discovery;
        if (current == null || documents == null) {
            return;
        }
        documents.removeCamera(id).forEach(d -> current.publish(d.topic(), d.payload(), 1, true));
        for (String topic : List.of("motion", "snapshot", "state")) {
            current.publish(cameraTopic(current, id, topic), new byte[0], 1, true);
        }
        LOG.info("MQTT: camera {} was deleted; its Home Assistant entities are removed", id);
    }

    void motionStarted(String id, long timestamp, double score, @Nullable String regions, @Nullable Frame frame) {
        Memo memo = memos.computeIfAbsent(id, k -> new Memo());
        memo.start = timestamp;
        Json event = Json.object().put("type", "start").put("camera", id).put("start", iso(timestamp))
                .put("score", score);
        if (regions != null && !regions.isEmpty()) {
            event.putJson("regions", regions);
        }
        if (frame != null) {
            byte[] jpeg = new byte[frame.jpegLength()];
            frame.jpeg().get(jpeg);
            alert(id, "snapshot", jpeg, true);
        }
        alert(id, "motion", bytes("ON"), true);
        alert(id, "event", event.put("file", memo.file).end().bytes(), false);
        publishCameraState(id);
    }

    void motionEnded(String id, long timestamp, long durationMillis) {
        Memo memo = memos.computeIfAbsent(id, k -> new Memo());
        long start = memo.start != 0 ? memo.start : timestamp - durationMillis;
        alert(id, "motion", bytes("OFF"), true);
        alert(id, "event", Json.object().put("type", "end").put("camera", id).put("start", iso(start))
                .put("end", iso(timestamp)).put("duration", durationMillis / 1000.0).put("file", memo.file).end()
                .bytes(), false);
        memo.start = 0;
        publishCameraState(id);
    }

    void recording(String id, @Nullable String file, boolean started) {
        Memo memo = memos.computeIfAbsent(id, k -> new Memo());
        if (started || memo.file == null) {
            memo.file = file;
        }
        publishCameraState(id);
    }

    void publishDeviceState() {
        Link current = link;
        if (current == null || !current.connected()) {
            return;
        }
        Recorder recorder = services.recorder;
        StorageStatus storage = null;
        if (recorder != null) {
            try {
                storage = recorder.storage();
            } catch (RuntimeException e) {
                LOG.debug("Recorder storage: {}", e.toString());
            }
        }
        Json json = Json.object().put("uptime", machine.uptimeSeconds());
        OptionalDouble temperature = machine.cpuTemperature();
        if (temperature.isPresent()) {
            json.put("cpuTemperature", Math.round(temperature.getAsDouble() * 10) / 10.0);
        }
        json.put("recorder", recorder != null);
        if (storage != null) {
            json.put("freeMB", storage.freeBytes() / (1024 * 1024)).put("storageLow", storage.low());
        }
        Illumination illumination = services.illumination;
        IlluminationStatus ir = illumination == null ? null : illumination.status();
        json.object("ir").put("available", ir != null).put("mode", ir == null ? null : ir.mode().name())
                .put("on", ir != null && ir.on()).put("fault", ir == null ? "" : ir.message()).end();
        json.put("cameras", List.copyOf(new TreeSet<>(services.cameras.keySet())));
        current.publish(current.settings().baseTopic() + "/state", json.end().bytes(), current.settings().qos(), true);
    }

    void publishCameraState(String id) {
        Link current = link;
        Camera camera = services.cameras.get(id);
        if (current == null || !current.connected() || camera == null) {
            return;
        }
        CameraStatus status = camera.status();
        MotionDetector detector = services.detectors.get(id);
        Recorder recorder = services.recorder;
        RecordingStatus recording = null;
        if (recorder != null) {
            try {
                recording = recorder.status(id);
            } catch (RuntimeException e) {
                LOG.debug("Recorder status of {}: {}", id, e.toString());
            }
        }
        Json json = Json.object().put("camera", id).put("name", camera.name()).put("state", status.state().name())
                .put("message", status.message()).put("fps", Math.round(status.fps() * 10) / 10.0)
                .put("width", status.width()).put("height", status.height())
                .put("resolution", status.width() + "x" + status.height())
                .put("detecting", detector != null && detector.status().detecting())
                .put("motion", detector != null && detector.status().motion())
                .put("recorder", recording != null)
                .put("recording", recording != null && recording.recording())
                .put("manual", recording != null && recording.manual());
        StreamViewers viewers = services.viewers;
        if (viewers == null) {
            json.put("clients", (String) null);
        } else {
            json.put("clients", viewers.viewers(id));
        }
        current.publish(cameraTopic(current, id, "state"), json.end().bytes(), current.settings().qos(), true);
    }

    /** Puts the alert in the disk buffer, then delivers the buffer if connected. */
    private void alert(String id, String topic, byte[] payload, boolean retained) {
        AlertQueue current = queue;
        MqttSettings on = settings;
        if (current == null || on == null) {
            return;
        }
        try {
            current.add(on.baseTopic() + "/" + id + "/" + topic, payload, retained);
        } catch (IOException e) {
            LOG.warn("MQTT: an alert for camera {} could not be buffered: {}", id, e.toString());
        }
        Link connected = link;
        if (connected != null && connected.connected()) {
            connected.deliver();
        }
    }

    @Override
    public void message(String topic, byte[] payload) {
        Link current = link;
        if (current != null) {
            commands.handle(current, topic, payload);
        }
    }

    private static String cameraTopic(Link link, String id, String topic) {
        return link.settings().baseTopic() + "/" + id + "/" + topic;
    }

    private static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
