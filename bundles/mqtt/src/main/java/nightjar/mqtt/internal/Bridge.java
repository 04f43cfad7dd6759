package nightjar.mqtt.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;

import org.eclipse.paho.client.mqttv3.MqttException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.camera.Camera;
import nightjar.api.camera.CameraStatus;
import nightjar.api.camera.Frame;
import nightjar.api.illumination.Illumination;
import nightjar.api.illumination.IlluminationMode;
import nightjar.api.illumination.IlluminationStatus;
import nightjar.api.motion.MotionDetector;
import nightjar.api.mqtt.MqttState;
import nightjar.api.recording.Recorder;
import nightjar.api.recording.RecordingStatus;
import nightjar.api.recording.StorageStatus;
import nightjar.api.stream.StreamViewers;

/**
 * What the bridge says and does over its link: retained state, alerts through the disk buffer,
 * discovery, and the commands. Confined to the component's executor: every method runs on it.
 */
final class Bridge implements Link.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(Bridge.class);
    /** Commands are a word; anything longer is not one. */
    static final int MAX_COMMAND_BYTES = 64;

    private final Services services;
    private final Machine machine;
    private final String deviceId;
    private final String version;
    private final BiConsumer<MqttState, String> states;
    private final Map<String, Memo> memos = new HashMap<>();
    private @Nullable Link link;
    private @Nullable AlertQueue queue;
    private @Nullable Discovery discovery;
    private @Nullable MqttSettings settings;

    /** What the bridge remembers of a camera's current event. */
    private static final class Memo {
        long start;
        @Nullable String file;
    }

    Bridge(Services services, Machine machine, String deviceId, String version, BiConsumer<MqttState, String> states) {
        this.services = services;
        this.machine = machine;
        this.deviceId = deviceId;
        this.version = version;
        this.states = states;
    }

    /** Connects with the settings (null: idle), dropping the previous connection. */
    void apply(@Nullable MqttSettings next, Path alerts, ScheduledExecutorService executor) {
        close();
        settings = next;
        if (next == null) {
            return;
        }
        try {
            AlertQueue opened = new AlertQueue(alerts, next.bufferMessages(), next.bufferBytes());
            queue = opened;
            discovery = new Discovery(next, deviceId, version);
            Link made = new Link(executor, next, opened, this);
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

    @Override
    public void message(String topic, byte[] payload) {
        Link current = link;
        if (current == null) {
            return;
        }
        MqttSettings on = current.settings();
        if (payload.length > MAX_COMMAND_BYTES) {
            LOG.warn("MQTT: ignored a message of {} bytes on {} (commands are at most {})", payload.length, topic,
                    MAX_COMMAND_BYTES);
            return;
        }
        String word = new String(payload, StandardCharsets.UTF_8).trim().toUpperCase(Locale.ROOT);
        if (topic.equals(on.discoveryPrefix() + "/status")) {
            if (word.equals("ONLINE")) {
                LOG.debug("Home Assistant is online: discovery published again");
                publishDiscovery();
                publishState();
            }
            return;
        }
        String rest = topic.startsWith(on.baseTopic() + "/") ? topic.substring(on.baseTopic().length() + 1) : "";
        if (rest.equals("ir/set")) {
            setIllumination(word);
            return;
        }
        int slash = rest.indexOf('/');
        String id = slash > 0 ? rest.substring(0, slash) : "";
        String command = slash > 0 ? rest.substring(slash + 1) : rest;
        if (!services.cameras.containsKey(id)) {
            LOG.warn("MQTT: ignored {} for camera '{}': there is no such camera", command, printable(id));
            return;
        }
        switch (command) {
            case "detect/set" -> setDetecting(id, word);
            case "recording/set" -> setRecording(id, word);
            case "snapshot/request" -> snapshot(id);
            default -> LOG.warn("MQTT: ignored an unknown command on {}", printable(topic));
        }
    }

    private void setDetecting(String id, String word) {
        MotionDetector detector = services.detectors.get(id);
        Boolean on = onOff("detect/set", id, word);
        if (on == null) {
            return;
        }
        if (detector == null) {
            LOG.warn("MQTT: detect/set for camera {} ignored: it has no motion detector", id);
        } else {
            detector.setDetecting(on);
        }
        publishCameraState(id);
    }

    private void setRecording(String id, String word) {
        Boolean on = onOff("recording/set", id, word);
        if (on == null) {
            return;
        }
        Recorder recorder = services.recorder;
        if (recorder == null) {
            LOG.warn("MQTT: recording/set for camera {} ignored: no recorder is running", id);
        } else {
            try {
                if (on) {
                    recorder.startManual(id);
                } else {
                    recorder.stopManual(id);
                }
            } catch (RuntimeException e) {
                LOG.warn("MQTT: recording/set {} for camera {} failed: {}", word, id, e.getMessage());
            }
        }
        publishCameraState(id);
    }

    private void snapshot(String id) {
        Camera camera = services.cameras.get(id);
        Frame frame = camera == null ? null : camera.latestFrame();
        Link current = link;
        if (frame == null || current == null) {
            LOG.warn("MQTT: snapshot/request for camera {}: it has no picture yet", id);
            return;
        }
        byte[] jpeg = new byte[frame.jpegLength()];
        frame.jpeg().get(jpeg);
        current.publish(cameraTopic(current, id, "snapshot"), jpeg, Math.max(1, current.settings().qos()), true);
    }

    private void setIllumination(String word) {
        Illumination illumination = services.illumination;
        IlluminationMode mode;
        try {
            mode = IlluminationMode.valueOf(word);
        } catch (IllegalArgumentException e) {
            LOG.warn("MQTT: ignored ir/set '{}': ON, OFF or AUTO", printable(word));
            return;
        }
        if (illumination == null) {
            LOG.warn("MQTT: ir/set {} ignored: no IR illumination is running", mode);
        } else {
            illumination.setMode(mode);
        }
        publishDeviceState();
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

    private static @Nullable Boolean onOff(String command, String id, String word) {
        return switch (word) {
            case "ON" -> Boolean.TRUE;
            case "OFF" -> Boolean.FALSE;
            default -> {
                LOG.warn("MQTT: ignored {} '{}' for camera {}: ON or OFF", command, printable(word), id);
                yield null;
            }
        };
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

    /** At most 40 printable ASCII characters of what a client sent, for the log. */
    static String printable(String text) {
        String cut = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
