package nightjar.mqtt.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * A small JSON writer: objects and arrays by nesting calls, every string escaped in one place. It
 * writes what this bundle sends (state, events, discovery documents); it does not parse.
 *
 * <pre>{@code Json.object().put("fps", 15.0).object("device").put("name", "Nightjar").end().end().bytes()}</pre>
 */
final class Json {
    private final StringBuilder out = new StringBuilder();
    /** Per open container, innermost last: '}' or ']' and whether it has an element yet. */
    private final StringBuilder closers = new StringBuilder();
    private final StringBuilder filled = new StringBuilder();

    private Json() {
    }

    static Json object() {
        Json json = new Json();
        json.open('{', '}');
        return json;
    }

    Json put(String key, @Nullable String value) {
        key(key);
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        return this;
    }

    Json put(String key, boolean value) {
        key(key);
        out.append(value);
        return this;
    }

    Json put(String key, long value) {
        key(key);
        out.append(value);
        return this;
    }

    Json put(String key, double value) {
        key(key);
        number(value);
        return this;
    }

    Json put(String key, List<String> values) {
        array(key);
        for (String value : values) {
            separate();
            string(value);
        }
        return end();
    }

    /** Puts JSON made elsewhere (the motion detector's regions) after checking it holds only brackets, names and numbers. */
    Json putJson(String key, String json) {
        if (json.isEmpty() || !json.matches("[\\[\\]{}\"a-zA-Z0-9:,.+\\-]*")) {
            throw new IllegalArgumentException("not plain JSON: " + json);
        }
        key(key);
        out.append(json);
        return this;
    }

    /** Opens a nested object under the key; {@link #end()} closes it. */
    Json object(String key) {
        key(key);
        open('{', '}');
        return this;
    }

    /** Opens an array under the key; {@link #element()} opens an object in it, {@link #end()} closes it. */
    Json array(String key) {
        key(key);
        open('[', ']');
        return this;
    }

    /** Opens an object as the next element of the innermost array. */
    Json element() {
        if (innermost() != ']') {
            throw new IllegalStateException("not in an array");
        }
        separate();
        open('{', '}');
        return this;
    }

    /** Closes the innermost object or array. */
    Json end() {
        if (closers.length() == 0) {
            throw new IllegalStateException("nothing open");
        }
        out.append(innermost());
        closers.setLength(closers.length() - 1);
        filled.setLength(filled.length() - 1);
        return this;
    }

    @Override
    public String toString() {
        if (closers.length() != 0) {
            throw new IllegalStateException(closers.length() + " container(s) not closed");
        }
        return out.toString();
    }

    byte[] bytes() {
        return toString().getBytes(StandardCharsets.UTF_8);
    }

    private char innermost() {
        return closers.length() == 0 ? ' ' : closers.charAt(closers.length() - 1);
    }

    private void open(char bracket, char closer) {
        out.append(bracket);
        closers.append(closer);
        filled.append('0');
    }

    private void separate() {
        int last = filled.length() - 1;
        if (filled.charAt(last) == '1') {
            out.append(',');
        }
        filled.setCharAt(last, '1');
    }

    private void key(String key) {
        if (innermost() != '}') {
            throw new IllegalStateException("a key needs an open object");
        }
        separate();
        string(key);
        out.append(':');
    }

    private void number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            out.append("null");
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(BigDecimal.valueOf(value).round(new MathContext(6)).stripTrailingZeros().toPlainString());
        }
    }

    private void string(String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
