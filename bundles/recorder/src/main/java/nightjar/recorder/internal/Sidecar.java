package nightjar.recorder.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The small JSON file beside each clip: when it starts and ends, why it was recorded, what it holds.
 * Written at the start of a clip (without an end) and again when it is complete, each time to a
 * temporary file renamed into place, so a reader never sees half of one.
 */
record Sidecar(String camera, String name, String reason, Instant start, @Nullable Instant end, long frames,
        long droppedFrames, double peakScore, boolean recovered) {

    void write(Path file) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, toJson(), StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    String toJson() {
        return "{\"camera\":" + Json.string(camera) + ",\"name\":" + Json.string(name) + ",\"reason\":"
                + Json.string(reason) + ",\"start\":" + Json.string(start.toString()) + ",\"end\":"
                + (end == null ? "null" : Json.string(end.toString())) + ",\"frames\":" + frames
                + ",\"droppedFrames\":" + droppedFrames + ",\"peakScore\":"
                + String.format(Locale.ROOT, "%.5f", peakScore) + ",\"recovered\":" + recovered + "}\n";
    }

    /** Reads a sidecar; IOException when the file is missing or not one of ours. */
    static Sidecar read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Map<String, String> fields = Json.flatObject(text);
        try {
            String end = fields.get("end");
            return new Sidecar(required(fields, "camera"), required(fields, "name"), required(fields, "reason"),
                    Instant.parse(required(fields, "start")), end == null ? null : Instant.parse(end),
                    Long.parseLong(fields.getOrDefault("frames", "0")),
                    Long.parseLong(fields.getOrDefault("droppedFrames", "0")),
                    Double.parseDouble(fields.getOrDefault("peakScore", "0")),
                    Boolean.parseBoolean(fields.getOrDefault("recovered", "false")));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> fields, String key) throws IOException {
        String value = fields.get(key);
        if (value == null) {
            throw new IOException("the sidecar has no " + key);
        }
        return value;
    }

    /** The JSON the recorder writes and reads: strings, numbers, booleans and null in one flat object. */
    static final class Json {
        private Json() {
        }

        static String string(String value) {
            StringBuilder out = new StringBuilder(value.length() + 2).append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            return out.append('"').toString();
        }

        /** The members of a flat object as text (strings unescaped); a null value is left out. */
        static Map<String, String> flatObject(String text) throws IOException {
            Map<String, String> fields = new HashMap<>();
            int[] at = {skipSpace(text, 0)};
            expect(text, at, '{');
            if (peek(text, at) == '}') {
                return fields;
            }
            while (true) {
                String key = readString(text, at);
                expect(text, at, ':');
                at[0] = skipSpace(text, at[0]);
                String value;
                if (peek(text, at) == '"') {
                    value = readString(text, at);
                } else {
                    int start = at[0];
                    while (at[0] < text.length() && ",} \t\r\n".indexOf(text.charAt(at[0])) < 0) {
                        at[0]++;
                    }
                    value = text.substring(start, at[0]);
                    if (value.isEmpty() || value.startsWith("{") || value.startsWith("[")) {
                        throw new IOException("only flat objects are read, at character " + start);
                    }
                    if (value.equals("null")) {
                        value = null;
                    }
                }
                if (value != null) {
                    fields.put(key, value);
                }
                at[0] = skipSpace(text, at[0]);
                char next = peek(text, at);
                at[0]++;
                if (next == '}') {
                    return fields;
                }
                if (next != ',') {
                    throw new IOException("expected ',' or '}' at character " + (at[0] - 1));
                }
            }
        }

        private static String readString(String text, int[] at) throws IOException {
            expect(text, at, '"');
            StringBuilder out = new StringBuilder();
            while (at[0] < text.length()) {
                char c = text.charAt(at[0]++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (at[0] >= text.length()) {
                    break;
                }
                char escaped = text.charAt(at[0]++);
                switch (escaped) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (at[0] + 4 > text.length()) {
                            throw new IOException("a short \\u escape");
                        }
                        try {
                            out.append((char) Integer.parseInt(text.substring(at[0], at[0] + 4), 16));
                        } catch (NumberFormatException e) {
                            throw new IOException("a malformed \\u escape at character " + at[0], e);
                        }
                        at[0] += 4;
                    }
                    default -> out.append(escaped);
                }
            }
            throw new IOException("an unterminated string");
        }

        private static void expect(String text, int[] at, char wanted) throws IOException {
            at[0] = skipSpace(text, at[0]);
            if (peek(text, at) != wanted) {
                throw new IOException("expected '" + wanted + "' at character " + at[0]);
            }
            at[0]++;
        }

        private static char peek(String text, int[] at) throws IOException {
            if (at[0] >= text.length()) {
                throw new IOException("the JSON ends early");
            }
            return text.charAt(at[0]);
        }

        private static int skipSpace(String text, int from) {
            int i = from;
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            return i;
        }
    }
}
