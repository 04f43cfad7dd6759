package nightjar.mqtt.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Home Assistant's MQTT discovery documents: one device per Nightjar; per camera a motion
 * {@code binary_sensor}, a {@code camera} (the snapshot), {@code switch}es for detection and
 * recording and a {@code button} for a new snapshot; per device a {@code select} for the IR mode,
 * a {@code binary_sensor} for its fault, and {@code sensor}s for uptime, free recording space and
 * (where the board has one) the CPU temperature. Every entity is available while the LWT topic
 * says {@code online}; those that need the recorder or the illumination also need them present.
 */
final class Discovery {
    /** A retained document and its topic; an empty payload removes the entity. */
    record Document(String topic, byte[] payload) {
    }

    private static final String[] CAMERA_ENTITIES = {"binary_sensor/%s_motion", "camera/%s_snapshot",
        "switch/%s_detection", "switch/%s_recording", "button/%s_snapshot"};

    private final MqttSettings settings;
    private final String node;
    private final String version;
    private final IntSupplier httpsPort;

    /** @param httpsPort the web UI's port now (it is asked at every publication: its configuration may come later) */
    Discovery(MqttSettings settings, String deviceId, String version, IntSupplier httpsPort) {
        this.settings = settings;
        this.node = "nightjar_" + deviceId;
        this.version = version;
        this.httpsPort = httpsPort;
    }

    List<Document> camera(String id, String name) {
        String topic = settings.baseTopic() + "/" + id;
        String state = topic + "/state";
        return List.of(
                document(entity(0, id), entity(name + " motion", id + "_motion")
                        .put("state_topic", topic + "/motion").put("device_class", "motion")
                        .put("payload_on", "ON").put("payload_off", "OFF"), null),
                document(entity(1, id), entity(name + " snapshot", id + "_snapshot")
                        .put("topic", topic + "/snapshot"), null),
                document(entity(2, id), toggle(entity(name + " motion detection", id + "_detection"),
                        topic + "/detect/set", state, "value_json.detecting").put("icon", "mdi:motion-sensor"), null),
                document(entity(3, id), toggle(entity(name + " recording", id + "_recording"),
                        topic + "/recording/set", state, "value_json.recording").put("icon", "mdi:record-rec"),
                        new Condition(state, "value_json.recorder")),
                document(entity(4, id), entity(name + " new snapshot", id + "_snapshot_request")
                        .put("command_topic", topic + "/snapshot/request").put("payload_press", "PRESS")
                        .put("icon", "mdi:camera"), null));
    }

    /** Empty retained payloads for the camera's entities: Home Assistant removes them. */
    List<Document> removeCamera(String id) {
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < CAMERA_ENTITIES.length; i++) {
            documents.add(new Document(entity(i, id), new byte[0]));
        }
        return documents;
    }

    List<Document> device(boolean temperature) {
        String state = settings.baseTopic() + "/state";
        Condition illumination = new Condition(state, "value_json.ir.available");
        List<Document> documents = new ArrayList<>(List.of(
                document(config("select", "ir_mode"), entity("IR mode", "ir_mode")
                        .put("command_topic", settings.baseTopic() + "/ir/set").put("state_topic", state)
                        .put("value_template", "{{ value_json.ir.mode }}").put("options", List.of("ON", "OFF", "AUTO"))
                        .put("icon", "mdi:led-on"), illumination),
                document(config("binary_sensor", "ir_fault"), entity("IR fault", "ir_fault").put("state_topic", state)
                        .put("device_class", "problem").put("entity_category", "diagnostic")
                        .put("value_template", "{{ 'ON' if value_json.ir.fault else 'OFF' }}"), illumination),
                document(config("sensor", "uptime"), sensor(entity("Uptime", "uptime"), state, "value_json.uptime",
                        "duration", "s"), null),
                document(config("sensor", "free_space"), sensor(entity("Free recording space", "free_space"), state,
                        "value_json.freeMB", "data_size", "MB"), new Condition(state, "value_json.recorder"))));
        if (temperature) {
            documents.add(document(config("sensor", "cpu_temperature"), sensor(entity("CPU temperature",
                    "cpu_temperature"), state, "value_json.cpuTemperature", "temperature", "\u00b0C"), null));
        }
        return documents;
    }

    /** The topic Home Assistant announces itself on ({@code online} after it starts). */
    String statusTopic() {
        return settings.discoveryPrefix() + "/status";
    }

    /** A second condition for availability besides the LWT: a field of a retained state document. */
    private record Condition(String topic, String field) {
    }

    private String entity(int index, String cameraId) {
        String[] kindAndObject = String.format(CAMERA_ENTITIES[index], cameraId).split("/");
        return config(kindAndObject[0], kindAndObject[1]);
    }

    private String config(String component, String objectId) {
        return settings.discoveryPrefix() + "/" + component + "/" + node + "/" + objectId + "/config";
    }

    /** The start of a document: name and ids; {@link #document} adds availability and the device. */
    private Json entity(String name, String objectId) {
        return Json.object().put("name", name).put("unique_id", node + "_" + objectId);
    }

    private static Json toggle(Json json, String command, String state, String field) {
        return json.put("command_topic", command).put("state_topic", state)
                .put("value_template", "{{ 'ON' if " + field + " else 'OFF' }}")
                .put("payload_on", "ON").put("payload_off", "OFF").put("state_on", "ON").put("state_off", "OFF");
    }

    private static Json sensor(Json json, String state, String field, String deviceClass, String unit) {
        return json.put("state_topic", state).put("value_template", "{{ " + field + " }}")
                .put("device_class", deviceClass).put("unit_of_measurement", unit).put("state_class", "measurement")
                .put("entity_category", "diagnostic");
    }

    private Document document(String topic, Json json, @Nullable Condition condition) {
        json.array("availability").element().put("topic", settings.baseTopic() + "/availability")
                .put("payload_available", "online").put("payload_not_available", "offline").end();
        if (condition != null) {
            json.element().put("topic", condition.topic())
                    .put("value_template", "{{ 'online' if " + condition.field() + " else 'offline' }}").end();
        }
        json.end().put("availability_mode", "all")
                .object("device").put("identifiers", List.of(node)).put("name", settings.deviceName())
                .put("model", "Nightjar IP camera").put("manufacturer", "Nightjar").put("sw_version", version)
                .put("configuration_url", settings.webUrl(httpsPort.getAsInt())).end();
        return new Document(topic, json.end().bytes());
    }
}
