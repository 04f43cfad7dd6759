package nightjar.mqtt.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What Home Assistant's MQTT discovery requires of a document, per component, for tests to check against. */
public final class HomeAssistant {
    private HomeAssistant() {
    }

    /** The component of a discovery topic: {@code homeassistant/<component>/<node>/<object>/config}. */
    public static String component(String prefix, String topic) {
        String[] parts = topic.substring(prefix.length() + 1).split("/");
        if (parts.length != 4 || !parts[3].equals("config")) {
            throw new IllegalArgumentException("not a discovery topic: " + topic);
        }
        return parts[0];
    }

    /** The required keys that the document lacks (empty when Home Assistant takes it). */
    @SuppressWarnings("unchecked")
    public static List<String> missing(String component, Map<String, Object> document) {
        List<String> required = new ArrayList<>(List.of("name", "unique_id", "device", "availability"));
        required.addAll(switch (component) {
            case "binary_sensor", "sensor" -> List.of("state_topic");
            case "camera" -> List.of("topic");
            case "switch" -> List.of("command_topic", "state_topic");
            case "button" -> List.of("command_topic");
            case "select" -> List.of("command_topic", "options", "state_topic");
            default -> throw new IllegalArgumentException("not a component Nightjar publishes: " + component);
        });
        List<String> missing = new ArrayList<>(required.stream().filter(k -> !document.containsKey(k)).toList());
        if (document.get("device") instanceof Map<?, ?> device) {
            for (String key : List.of("identifiers", "name", "model", "sw_version", "configuration_url")) {
                if (!device.containsKey(key)) {
                    missing.add("device." + key);
                }
            }
        }
        if (document.get("availability") instanceof List<?> availability) {
            for (Object entry : availability) {
                if (!(entry instanceof Map<?, ?> condition) || !condition.containsKey("topic")) {
                    missing.add("availability[].topic");
                }
            }
        }
        return missing;
    }
}
