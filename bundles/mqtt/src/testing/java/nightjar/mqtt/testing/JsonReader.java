package nightjar.mqtt.testing;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonToken;

/**
 * Reads what the bridge writes for tests, with Gson's strict streaming reader (objects become maps, arrays
 * lists, numbers doubles): checks that it is JSON, with no key twice, and lets tests ask for keys. Throws
 * {@link IllegalArgumentException} on anything that is not.
 */
public final class JsonReader {
    private JsonReader() {
    }

    public static Object parse(String text) {
        com.google.gson.stream.JsonReader reader = new com.google.gson.stream.JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        try {
            Object value = value(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("trailing characters in " + text);
            }
            return value;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new IllegalArgumentException("not JSON: " + text, e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(String text) {
        Object value = parse(text);
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("not an object: " + text);
        }
        return (Map<String, Object>) value;
    }

    private static Object value(com.google.gson.stream.JsonReader reader) throws IOException {
        switch (reader.peek()) {
            case BEGIN_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                reader.beginObject();
                while (reader.hasNext()) {
                    String key = reader.nextName();
                    if (map.containsKey(key)) {
                        throw new IllegalArgumentException("the key " + key + " appears twice");
                    }
                    map.put(key, value(reader));
                }
                reader.endObject();
                return map;
            }
            case BEGIN_ARRAY -> {
                List<Object> list = new ArrayList<>();
                reader.beginArray();
                while (reader.hasNext()) {
                    list.add(value(reader));
                }
                reader.endArray();
                return list;
            }
            case STRING -> {
                return reader.nextString();
            }
            case NUMBER -> {
                return reader.nextDouble();
            }
            case BOOLEAN -> {
                return reader.nextBoolean();
            }
            case NULL -> {
                reader.nextNull();
                return null;
            }
            default -> throw new IllegalArgumentException("a value is missing at " + reader);
        }
    }
}
