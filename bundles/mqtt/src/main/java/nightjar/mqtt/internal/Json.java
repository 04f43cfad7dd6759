package nightjar.mqtt.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;

/**
 * What this bundle sends (state, events, discovery documents), written by nesting calls onto Gson's
 * {@link JsonWriter}, which escapes every string. It adds the number style Home Assistant's templates
 * and the tests read: a whole number without a fraction ({@code 15}, not {@code 15.0}), others to six
 * significant digits, NaN and infinities as {@code null}.
 *
 * <pre>{@code Json.object().put("fps", 15.0).object("device").put("name", "Nightjar").end().end().bytes()}</pre>
 */
final class Json {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    private final StringWriter text = new StringWriter();
    private final JsonWriter out = new JsonWriter(text);
    /** Per open container, innermost last: '}' or ']' (a document is only taken whole). */
    private final StringBuilder open = new StringBuilder();

    private Json() {
    }

    static Json object() {
        Json json = new Json();
        json.write(() -> json.out.beginObject());
        json.open.append('}');
        return json;
    }

    Json put(String key, @Nullable String value) {
        return write(() -> out.name(key).value(value));
    }

    Json put(String key, boolean value) {
        return write(() -> out.name(key).value(value));
    }

    Json put(String key, long value) {
        return write(() -> out.name(key).value(value));
    }

    Json put(String key, double value) {
        return write(() -> {
            out.name(key);
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                out.nullValue();
            } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                out.value((long) value);
            } else {
                out.jsonValue(BigDecimal.valueOf(value).round(new MathContext(6)).stripTrailingZeros().toPlainString());
            }
        });
    }

    Json put(String key, List<String> values) {
        return write(() -> {
            out.name(key).beginArray();
            for (String value : values) {
                out.value(value);
            }
            out.endArray();
        });
    }

    /**
     * Puts JSON made elsewhere (the motion detector's regions) after reading it: only arrays, objects
     * and numbers are taken, so another bundle's text cannot smuggle strings into a document.
     */
    Json putJson(String key, String json) {
        JsonElement element;
        try {
            element = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
        if (!numbersOnly(element)) {
            throw new IllegalArgumentException("not plain JSON: " + json);
        }
        return write(() -> GSON.toJson(element, out.name(key)));
    }

    private static boolean numbersOnly(JsonElement element) {
        if (element.isJsonArray()) {
            for (JsonElement item : element.getAsJsonArray()) {
                if (!numbersOnly(item)) {
                    return false;
                }
            }
            return true;
        }
        if (element.isJsonObject()) {
            for (Map.Entry<String, JsonElement> member : element.getAsJsonObject().entrySet()) {
                if (!member.getKey().matches("[a-zA-Z0-9]+") || !numbersOnly(member.getValue())) {
                    return false;
                }
            }
            return true;
        }
        return element.isJsonPrimitive() && element.getAsJsonPrimitive().isNumber();
    }

    /** Opens a nested object under the key; {@link #end()} closes it. */
    Json object(String key) {
        write(() -> out.name(key).beginObject());
        open.append('}');
        return this;
    }

    /** Opens an array under the key; {@link #element()} opens an object in it, {@link #end()} closes it. */
    Json array(String key) {
        write(() -> out.name(key).beginArray());
        open.append(']');
        return this;
    }

    /** Opens an object as the next element of the innermost array. */
    Json element() {
        write(() -> out.beginObject());
        open.append('}');
        return this;
    }

    /** Closes the innermost object or array. */
    Json end() {
        if (open.isEmpty()) {
            throw new IllegalStateException("nothing open");
        }
        char closer = open.charAt(open.length() - 1);
        write(() -> {
            if (closer == '}') {
                out.endObject();
            } else {
                out.endArray();
            }
        });
        open.setLength(open.length() - 1);
        return this;
    }

    @Override
    public String toString() {
        if (!open.isEmpty()) {
            throw new IllegalStateException(open.length() + " container(s) not closed");
        }
        return text.toString();
    }

    byte[] bytes() {
        return toString().getBytes(StandardCharsets.UTF_8);
    }

    private interface Step {
        void run() throws IOException;
    }

    private Json write(Step step) {
        try {
            step.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return this;
    }
}
