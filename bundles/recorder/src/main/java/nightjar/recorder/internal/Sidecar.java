package nightjar.recorder.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

import nightjar.codec.theora.TheoraKeyframes;

/**
 * The small JSON file beside each clip: when it starts and ends, why it was recorded, what it holds, and
 * where its keyframes begin (for seeking; none in sidecars from before, and in a recovered clip's).
 * Written at the start of a clip (without an end) and again when it is complete, each time to a
 * temporary file renamed into place, so a reader never sees half of one.
 */
record Sidecar(String camera, String name, String reason, Instant start, @Nullable Instant end, long frames,
        long droppedFrames, double peakScore, boolean recovered, List<TheoraKeyframes.Keyframe> keyframes) {

    /** The members read as text; any other but {@code keyframes} is a later recorder's, and passed over. */
    private static final Set<String> FIELDS = Set.of("camera", "name", "reason", "start", "end", "frames",
            "droppedFrames", "peakScore", "recovered");

    Sidecar {
        keyframes = List.copyOf(keyframes);
    }

    /** A sidecar that says nothing of the clip's keyframes (they are read from the video when asked). */
    Sidecar(String camera, String name, String reason, Instant start, @Nullable Instant end, long frames,
            long droppedFrames, double peakScore, boolean recovered) {
        this(camera, name, reason, start, end, frames, droppedFrames, peakScore, recovered, List.of());
    }

    void write(Path file) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, toJson(), StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    String toJson() {
        StringWriter text = new StringWriter();
        try (JsonWriter json = new JsonWriter(text)) {
            json.beginObject().name("camera").value(camera).name("name").value(name).name("reason").value(reason)
                    .name("start").value(start.toString()).name("end").value(end == null ? null : end.toString())
                    .name("frames").value(frames).name("droppedFrames").value(droppedFrames)
                    .name("peakScore").value(fiveDecimals(peakScore)).name("recovered").value(recovered);
            if (!keyframes.isEmpty()) {
                // Where each keyframe's page begins, as the writer wrote it: [frame, seconds, byte offset].
                json.name("keyframes").beginArray();
                for (TheoraKeyframes.Keyframe keyframe : keyframes) {
                    json.beginArray().value(keyframe.frame())
                            .value(threeDecimals(keyframe.seconds()))
                            .value(keyframe.offset()).endArray();
                }
                json.endArray();
            }
            json.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.append('\n').toString();
    }

    /** {@code 10.000}: seconds to the millisecond, as the clips' lengths and keyframes are given. */
    static BigDecimal threeDecimals(double seconds) {
        return new BigDecimal(String.format(Locale.ROOT, "%.3f", seconds));
    }

    /** {@code 0.41250}: the style the index and its readers have always seen; not a number is 0. */
    static BigDecimal fiveDecimals(double value) {
        return new BigDecimal(String.format(Locale.ROOT, "%.5f", Double.isFinite(value) ? value : 0));
    }

    /** Reads a sidecar; IOException when the file is missing or not one of ours. */
    static Sidecar read(Path file) throws IOException {
        List<TheoraKeyframes.Keyframe> keyframes = new ArrayList<>();
        Map<String, String> fields = fields(Files.readString(file, StandardCharsets.UTF_8), keyframes);
        try {
            String end = fields.get("end");
            return new Sidecar(required(fields, "camera"), required(fields, "name"), required(fields, "reason"),
                    Instant.parse(required(fields, "start")), end == null ? null : Instant.parse(end),
                    Long.parseLong(fields.getOrDefault("frames", "0")),
                    Long.parseLong(fields.getOrDefault("droppedFrames", "0")),
                    Double.parseDouble(fields.getOrDefault("peakScore", "0")),
                    Boolean.parseBoolean(fields.getOrDefault("recovered", "false")), keyframes);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The members of the sidecar's object as text, but for {@code keyframes}, which go to that list; a null
     * is left out. Read leniently (an older recorder could write a peak score of NaN), since a clip whose
     * sidecar cannot be read drops out of the index.
     */
    private static Map<String, String> fields(String text, List<TheoraKeyframes.Keyframe> keyframes)
            throws IOException {
        Map<String, String> fields = new HashMap<>();
        try (JsonReader json = new JsonReader(new StringReader(text))) {
            json.setStrictness(Strictness.LENIENT);
            json.beginObject();
            while (json.hasNext()) {
                String key = json.nextName();
                if (key.equals("keyframes")) {
                    keyframes.clear();
                    keyframes.addAll(keyframes(JsonParser.parseReader(json)));
                    continue;
                }
                switch (json.peek()) {
                    case NULL -> json.nextNull();
                    case BOOLEAN -> fields.put(key, Boolean.toString(json.nextBoolean()));
                    case STRING, NUMBER -> fields.put(key, json.nextString());
                    default -> {
                        if (FIELDS.contains(key)) {
                            throw new IOException("only flat objects are read, at " + json.getPath());
                        }
                        json.skipValue(); // a later recorder's
                    }
                }
            }
            json.endObject();
        } catch (IllegalStateException | JsonParseException e) {
            // Gson's word for another token than the one due, e.g. an array where the object starts.
            throw new IOException("not a sidecar: " + e.getMessage(), e);
        }
        return fields;
    }

    /**
     * The keyframes as written ({@code [[frame, seconds, offset], ...]}, in order); none when they are not
     * that (damaged): the video is read for them instead, and the clip keeps the sidecar's other facts.
     */
    private static List<TheoraKeyframes.Keyframe> keyframes(JsonElement value) {
        if (!value.isJsonArray()) {
            return List.of();
        }
        List<TheoraKeyframes.Keyframe> keyframes = new ArrayList<>();
        long lastOffset = -1;
        for (JsonElement entry : value.getAsJsonArray()) {
            try {
                JsonArray fields = entry.getAsJsonArray();
                if (fields.size() != 3) {
                    return List.of();
                }
                long frame = fields.get(0).getAsLong();
                double seconds = fields.get(1).getAsDouble();
                long offset = fields.get(2).getAsLong();
                if (frame < 0 || !Double.isFinite(seconds) || seconds < 0 || offset <= lastOffset) {
                    return List.of();
                }
                keyframes.add(new TheoraKeyframes.Keyframe(frame, seconds, offset));
                lastOffset = offset;
            } catch (IllegalStateException | UnsupportedOperationException | NumberFormatException e) {
                return List.of();
            }
        }
        return keyframes;
    }

    private static String required(Map<String, String> fields, String key) throws IOException {
        String value = fields.get(key);
        if (value == null) {
            throw new IOException("the sidecar has no " + key);
        }
        return value;
    }
}
