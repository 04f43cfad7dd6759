package nightjar.mqtt.internal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.camera.Camera;
import nightjar.api.camera.Frame;
import nightjar.api.illumination.Illumination;
import nightjar.api.illumination.IlluminationMode;
import nightjar.api.motion.MotionDetector;
import nightjar.api.recording.Recorder;

/**
 * The commands from the broker: {@code <camera>/detect/set}, {@code <camera>/recording/set},
 * {@code <camera>/snapshot/request}, {@code ir/set}, and Home Assistant's {@code status}. Each is
 * answered by the changed retained state; anything malformed is logged and ignored. On the bridge's
 * executor.
 */
final class Commands {
    private static final Logger LOG = LoggerFactory.getLogger(Commands.class);
    /** Commands are a word; anything longer is not one. */
    static final int MAX_COMMAND_BYTES = 64;

    /** At most this many refusals are logged a minute, so a client sending garbage cannot flood the log. */
    private static final int WARNINGS_PER_MINUTE = 10;
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final Services services;
    private final Bridge bridge;
    private long windowStart = System.nanoTime();
    private int warnings;

    Commands(Services services, Bridge bridge) {
        this.services = services;
        this.bridge = bridge;
    }

    /** A message on one of the subscribed topics. */
    void handle(Link current, String topic, byte[] payload) {
        MqttSettings on = current.settings();
        if (payload.length > MAX_COMMAND_BYTES) {
            warn("MQTT: ignored a message of {} bytes on {} (commands are at most {})", payload.length, topic,
                    MAX_COMMAND_BYTES);
            return;
        }
        String word = new String(payload, StandardCharsets.UTF_8).trim().toUpperCase(Locale.ROOT);
        if (topic.equals(on.discoveryPrefix() + "/status")) {
            if (word.equals("ONLINE")) {
                LOG.debug("Home Assistant is online: discovery published again");
                bridge.publishDiscovery();
                bridge.publishState();
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
            warn("MQTT: ignored {} for camera '{}': there is no such camera", command, printable(id));
            return;
        }
        switch (command) {
            case "detect/set" -> setDetecting(id, word);
            case "recording/set" -> setRecording(id, word);
            case "snapshot/request" -> snapshot(current, id);
            default -> warn("MQTT: ignored an unknown command on {}", printable(topic));
        }
    }

    private void setDetecting(String id, String word) {
        MotionDetector detector = services.detectors.get(id);
        Boolean on = onOff("detect/set", id, word);
        if (on == null) {
            return;
        }
        if (detector == null) {
            warn("MQTT: detect/set for camera {} ignored: it has no motion detector", id);
        } else {
            detector.setDetecting(on);
        }
        bridge.publishCameraState(id);
    }

    private void setRecording(String id, String word) {
        Boolean on = onOff("recording/set", id, word);
        if (on == null) {
            return;
        }
        Recorder recorder = services.recorder;
        if (recorder == null) {
            warn("MQTT: recording/set for camera {} ignored: no recorder is running", id);
        } else {
            try {
                if (on) {
                    recorder.startManual(id);
                } else {
                    recorder.stopManual(id);
                }
            } catch (RuntimeException e) {
                warn("MQTT: recording/set {} for camera {} failed: {}", word, id, e.getMessage());
            }
        }
        bridge.publishCameraState(id);
    }

    private void snapshot(Link current, String id) {
        Camera camera = services.cameras.get(id);
        Frame frame = camera == null ? null : camera.latestFrame();
        if (frame == null) {
            warn("MQTT: snapshot/request for camera {}: it has no picture yet", id);
            return;
        }
        byte[] jpeg = new byte[frame.jpegLength()];
        frame.jpeg().get(jpeg);
        current.publish(current.settings().baseTopic() + "/" + id + "/snapshot", jpeg, Math.max(1, current.settings().qos()), true);
    }

    private void setIllumination(String word) {
        Illumination illumination = services.illumination;
        IlluminationMode mode;
        try {
            mode = IlluminationMode.valueOf(word);
        } catch (IllegalArgumentException e) {
            warn("MQTT: ignored ir/set '{}': ON, OFF or AUTO", printable(word));
            return;
        }
        if (illumination == null) {
            warn("MQTT: ir/set {} ignored: no IR illumination is running", mode);
        } else {
            illumination.setMode(mode);
        }
        bridge.publishDeviceState();
    }


    private @Nullable Boolean onOff(String command, String id, String word) {
        return switch (word) {
            case "ON" -> Boolean.TRUE;
            case "OFF" -> Boolean.FALSE;
            default -> {
                warn("MQTT: ignored {} '{}' for camera {}: ON or OFF", command, printable(word), id);
                yield null;
            }
        };
    }

    /** Logs a refused command, at most {@value #WARNINGS_PER_MINUTE} a minute (the rest are counted). */
    private void warn(String format, Object... arguments) {
        long now = System.nanoTime();
        if (now - windowStart >= MINUTE_NANOS) {
            if (warnings > WARNINGS_PER_MINUTE) {
                LOG.warn("MQTT: {} more commands were ignored in the last minute", warnings - WARNINGS_PER_MINUTE);
            }
            windowStart = now;
            warnings = 0;
        }
        if (++warnings <= WARNINGS_PER_MINUTE) {
            LOG.warn(format, arguments);
        }
    }

    /** At most 40 printable ASCII characters of what a client sent, for the log. */
    static String printable(String text) {
        String cut = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
