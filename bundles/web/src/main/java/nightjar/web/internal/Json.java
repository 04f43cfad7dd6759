package nightjar.web.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import com.google.gson.stream.MalformedJsonException;

/**
 * The API's bodies as Java values, read and written with Gson's streaming reader and writer: objects
 * become {@code Map} (in order), arrays {@code List}, numbers {@code BigDecimal}, and {@code null} a
 * {@link #NULL} marker. Anything but one strict JSON value, nesting deeper than {@value #MAX_DEPTH}, a
 * repeated key or a number of more than {@value #MAX_NUMBER_LENGTH} characters is an
 * {@link IllegalArgumentException} that says where.
 */
final class Json {
    /** JSON's null (maps cannot hold Java's). */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };
    private static final int MAX_DEPTH = 8;
    /** Longer numbers are no setting's; and an exponent of a few digits keeps BigDecimal's arithmetic cheap. */
    private static final int MAX_NUMBER_LENGTH = 40;

    private Json() {
    }

    static Object parse(String text) {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        try {
            Object value = value(reader, 0);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw error(reader, "unexpected text after the value");
            }
            return value;
        } catch (MalformedJsonException e) {
            throw new IllegalArgumentException("Malformed JSON: " + firstLine(e.getMessage()), e);
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            // IllegalStateException: Gson's word for a token where another was due (e.g. a missing value).
            throw new IllegalArgumentException("Malformed JSON: " + firstLine(e.getMessage()), e);
        }
    }

    private static Object value(JsonReader reader, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw error(reader, "nested too deeply");
        }
        return switch (reader.peek()) {
            case BEGIN_OBJECT -> object(reader, depth);
            case BEGIN_ARRAY -> array(reader, depth);
            case STRING -> reader.nextString();
            case BOOLEAN -> reader.nextBoolean();
            case NULL -> {
                reader.nextNull();
                yield NULL;
            }
            case NUMBER -> number(reader);
            default -> throw error(reader, "a value is missing");
        };
    }

    private static Map<String, Object> object(JsonReader reader, int depth) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        reader.beginObject();
        while (reader.hasNext()) {
            String key = reader.nextName();
            if (map.containsKey(key)) {
                throw error(reader, "the key '" + key + "' appears twice");
            }
            map.put(key, value(reader, depth + 1));
        }
        reader.endObject();
        return map;
    }

    private static List<Object> array(JsonReader reader, int depth) throws IOException {
        List<Object> list = new ArrayList<>();
        reader.beginArray();
        while (reader.hasNext()) {
            list.add(value(reader, depth + 1));
        }
        reader.endArray();
        return list;
    }

    private static BigDecimal number(JsonReader reader) throws IOException {
        String number = reader.nextString();
        if (number.length() > MAX_NUMBER_LENGTH || !number.matches("-?[0-9.]+([eE][+-]?[0-9]{1,3})?")) {
            throw error(reader, "the number " + (number.length() > MAX_NUMBER_LENGTH ? "is too long" : number
                    + " is too large"));
        }
        return new BigDecimal(number);
    }

    private static IllegalArgumentException error(JsonReader reader, String message) {
        // JsonReader.toString() is "JsonReader at line 1 column 12 path $.name".
        String where = reader.toString();
        int at = where.indexOf(" at ");
        return new IllegalArgumentException("Malformed JSON: " + message + (at >= 0 ? where.substring(at) : ""));
    }

    /** Gson's message without its troubleshooting link, and its advice to a programmer said as it is for a client. */
    private static String firstLine(@Nullable String message) {
        String text = message == null ? "not JSON" : message;
        int end = text.indexOf('\n');
        text = end >= 0 ? text.substring(0, end) : text;
        String lenient = "Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON";
        return text.startsWith(lenient) ? "not JSON" + text.substring(lenient.length()) : text;
    }

    /**
     * Maps, collections, arrays of strings, strings, numbers, booleans and nulls as JSON; anything else as
     * its string. {@code <}, {@code >} and {@code &} are escaped, so a value can never close a script
     * element.
     */
    static String write(@Nullable Object value) {
        StringWriter text = new StringWriter();
        try (JsonWriter writer = new JsonWriter(text)) {
            write(value, writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return scriptSafe(text.toString());
    }

    /**
     * Gson's HTML-safe mode escapes {@code =} and {@code '} as well, which makes a refusal such as
     * {@code httpsPort = '22'} unreadable with curl. JSON has {@code <}, {@code >} and {@code &} only
     * inside strings, where their escapes mean the same.
     */
    static String scriptSafe(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }

    private static void write(@Nullable Object value, JsonWriter writer) throws IOException {
        if (value == null || value == NULL) {
            writer.nullValue();
        } else if (value instanceof Map<?, ?> map) {
            writer.beginObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                writer.name(String.valueOf(entry.getKey()));
                write(entry.getValue(), writer);
            }
            writer.endObject();
        } else if (value instanceof Collection<?> || value instanceof Object[]) {
            Collection<?> items = value instanceof Object[] array ? List.of(array) : (Collection<?>) value;
            writer.beginArray();
            for (Object item : items) {
                write(item, writer);
            }
            writer.endArray();
        } else if (value instanceof Boolean b) {
            writer.value(b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof BigDecimal) {
            writer.value((Number) value);
        } else if (value instanceof Number number) {
            double d = number.doubleValue();
            if (Double.isFinite(d)) {
                writer.value(d);
            } else {
                writer.nullValue();
            }
        } else {
            writer.value(value.toString());
        }
    }
}
