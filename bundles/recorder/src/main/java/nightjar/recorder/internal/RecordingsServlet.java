package nightjar.recorder.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.stream.JsonWriter;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nightjar.api.recording.Clip;
import nightjar.codec.theora.TheoraKeyframes;

/**
 * A camera's recordings over HTTP, in the Nightjar context (so authenticated like the stream):
 * {@code /cameras/<id>/recordings} lists the clips that overlap [from, to) as JSON ({@code ?from=} and
 * {@code ?to=} take an ISO instant or a day), {@code /cameras/<id>/recordings/<day>/<clip>.ogg} is the video (with byte
 * ranges, so players can seek), {@code .jpg} its poster and {@code .json} its facts, with where its keyframes begin.
 * The clip part of the URL is matched against the recorder's own naming, undecoded, before any file is touched.
 */
final class RecordingsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RecordingsServlet.class);
    private static final Pattern FILE = Pattern.compile("/(" + ClipFiles.NAME.pattern() + ")\\.(ogg|jpg|json)");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");
    private static final int CHUNK = 64 * 1024;
    private static final String CACHE_CONTROL = "private, no-store";

    private final String cameraId;
    private final transient Supplier<RecordingStore> stores;
    private final transient ZoneId zone;

    /** @param stores the store of the directory configured now */
    RecordingsServlet(String cameraId, Supplier<RecordingStore> stores, ZoneId zone) {
        this.cameraId = cameraId;
        this.stores = stores;
        this.zone = zone;
    }

    static String path(String cameraId) {
        return "/cameras/" + cameraId + "/recordings";
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Recordings are private footage: no shared cache may keep them, and no browser cache either
        // (a viewer's access can be taken away, and a deleted clip must be gone).
        response.setHeader("Cache-Control", CACHE_CONTROL);
        String prefix = request.getContextPath() + path(cameraId);
        String uri = request.getRequestURI();
        if (!uri.startsWith(prefix)) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String rest = uri.substring(prefix.length());
        if (rest.isEmpty() || rest.equals("/")) {
            list(request, response);
            return;
        }
        Matcher file = FILE.matcher(rest);
        if (!file.matches()) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST,
                    "Not a clip of this recorder: expected /cameras/" + cameraId + "/recordings/YYYY-MM-DD/HHMMSS-reason.ogg");
            return;
        }
        RecordingStore store = stores.get();
        Optional<Clip> clip = store.find(cameraId, file.group(1));
        if (clip.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "No clip " + file.group(1) + " of camera " + cameraId);
            return;
        }
        String kind = file.group(file.groupCount());
        switch (kind) {
            case "ogg" -> send(request, response, store, clip.get(), "video/ogg", true);
            case "jpg" -> send(request, response, store, clip.get(), "image/jpeg", false);
            default -> {
                StringWriter text = new StringWriter();
                try (JsonWriter json = new JsonWriter(text)) {
                    clipJson(request, clip.get(), json, keyframes(store, clip.get()));
                }
                json(response, text.toString());
            }
        }
    }

    private void list(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Instant from;
        Instant to;
        try {
            from = time(request.getParameter("from"), Instant.EPOCH, false);
            to = time(request.getParameter("to"), Instant.parse("9999-12-31T23:59:59Z"), true);
        } catch (IllegalArgumentException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        List<Clip> clips = stores.get().clips(cameraId, from, to);
        StringWriter text = new StringWriter();
        try (JsonWriter json = new JsonWriter(text)) {
            json.beginArray();
            for (Clip clip : clips) {
                clipJson(request, clip, json, null);
            }
            json.endArray();
        }
        json(response, text.append('\n').toString());
    }

    /** An ISO instant, or a day (its start; for {@code to}, the start of the next day). */
    private Instant time(@Nullable String text, Instant absent, boolean endOfDay) {
        if (text == null || text.isBlank()) {
            return absent;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException notInstant) {
            try {
                LocalDate day = LocalDate.parse(text.trim());
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
            } catch (DateTimeParseException notDay) {
                throw new IllegalArgumentException("from and to take an instant (2026-12-01T07:30:00Z) or a day "
                        + "(2026-12-01), not '" + text + "'");
            }
        }
    }

    /**
     * Where the clip's keyframes begin, for the player: ogv.js reads on from there instead of bisecting the
     * file (see TheoraKeyframes). None when neither the sidecar nor the video can be read.
     */
    private List<TheoraKeyframes.Keyframe> keyframes(RecordingStore store, Clip clip) {
        try {
            return store.keyframes(clip);
        } catch (IOException e) {
            LOG.debug("Clip {} of camera {}: keyframes not read: {}", clip.name(), cameraId, e.toString());
            return List.of();
        }
    }

    /** The clip's facts; {@code keyframes} only in a single clip's (a list's clips would each read their file). */
    private void clipJson(HttpServletRequest request, Clip clip, JsonWriter json,
            @Nullable List<TheoraKeyframes.Keyframe> keyframes) throws IOException {
        String base = request.getContextPath() + path(cameraId) + "/" + clip.name();
        Instant end = clip.end();
        double seconds = end == null ? 0 : (end.toEpochMilli() - clip.start().toEpochMilli()) / 1000.0;
        json.beginObject().name("name").value(clip.name()).name("camera").value(clip.cameraId())
                .name("reason").value(clip.reason()).name("start").value(clip.start().toString())
                .name("end").value(end == null ? null : end.toString())
                .name("seconds").value(Sidecar.threeDecimals(seconds))
                .name("bytes").value(clip.bytes()).name("frames").value(clip.frames())
                .name("droppedFrames").value(clip.droppedFrames())
                .name("peakScore").value(Sidecar.fiveDecimals(clip.peakScore()))
                .name("video").value(base + ".ogg").name("poster").value(clip.poster() ? base + ".jpg" : null);
        if (keyframes != null) {
            json.name("keyframes").beginArray();
            for (TheoraKeyframes.Keyframe keyframe : keyframes) {
                json.beginObject().name("seconds").value(Sidecar.threeDecimals(keyframe.seconds()))
                        .name("offset").value(keyframe.offset()).endObject();
            }
            json.endArray();
        }
        json.endObject();
    }

    private static void json(HttpServletResponse response, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** A file of the clip, whole or the one byte range asked for. */
    private void send(HttpServletRequest request, HttpServletResponse response, RecordingStore store, Clip clip,
            String type, boolean video) throws IOException {
        if (!video && !clip.poster()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "Clip " + clip.name() + " has no poster");
            return;
        }
        try (SeekableByteChannel channel = video ? store.openVideo(clip) : store.openPoster(clip)) {
            long size = channel.size();
            long start = 0;
            long end = size - 1;
            String range = request.getHeader("Range");
            boolean partial = false;
            if (range != null) {
                Matcher matcher = RANGE.matcher(range.trim());
                // Several ranges, or another unit: the whole file, as RFC 9110 allows.
                if (matcher.matches() && !(matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
                    if (matcher.group(1).isEmpty()) {
                        start = Math.max(0, size - Long.parseLong(matcher.group(2)));
                    } else {
                        start = Long.parseLong(matcher.group(1));
                        if (!matcher.group(2).isEmpty()) {
                            end = Math.min(end, Long.parseLong(matcher.group(2)));
                        }
                    }
                    if (start >= size || start > end) {
                        response.setHeader("Content-Range", "bytes */" + size);
                        response.sendError(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
                        return;
                    }
                    partial = true;
                }
            }
            response.setContentType(type);
            response.setHeader("Accept-Ranges", "bytes");
            if (video) {
                response.setHeader("Content-Disposition", "inline; filename=\"" + cameraId + "-"
                        + clip.name().replace('/', '-') + ".ogg\"");
            }
            if (partial) {
                response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
                response.setHeader("Content-Range", "bytes " + start + "-" + end + "/" + size);
            }
            response.setContentLengthLong(end - start + 1);
            if ("HEAD".equals(request.getMethod())) {
                return;
            }
            try {
                copy(channel, start, end - start + 1, response.getOutputStream());
            } catch (IOException e) {
                // A player that has what it wants hangs up (after a seek, say): nothing is wrong.
                LOG.debug("Sending {} of camera {} ended early: {}", clip.name(), cameraId, e.getMessage());
            }
        }
    }

    private static void copy(SeekableByteChannel channel, long start, long length, OutputStream out)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, length)));
        channel.position(start);
        long left = length;
        while (left > 0) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), left));
            int read = channel.read(buffer);
            if (read < 0) {
                break;
            }
            out.write(buffer.array(), 0, read);
            left -= read;
        }
    }
}
