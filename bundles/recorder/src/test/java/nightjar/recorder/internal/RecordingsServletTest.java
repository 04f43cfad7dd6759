package nightjar.recorder.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nightjar.api.camera.Frame;
import nightjar.codec.theora.TheoraKeyframes;
import nightjar.codec.theora.TheoraOggWriter;
import nightjar.codec.theora.TheoraOptions;

/** What a camera's recordings servlet answers, driven with fake requests on a real directory. */
class RecordingsServletTest {
    private static final String CLIP = "2026-12-01/101500-motion";
    @TempDir
    Path root;

    /** What the servlet answered. */
    static final class Answer {
        int status = HttpServletResponse.SC_OK;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    private Answer get(String cameraId, String path) throws Exception {
        RecordingsServlet servlet = new RecordingsServlet(cameraId, () -> new RecordingStore(root, ZoneOffset.UTC),
                ZoneOffset.UTC);
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRequestURI" -> RecordingsServlet.path(cameraId) + path;
                    case "getContextPath" -> "";
                    case "getMethod" -> "GET";
                    default -> null;
                });
        Answer answer = new Answer();
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                answer.body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        };
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "sendError", "setStatus" -> answer.status = (Integer) args[0];
                        case "setHeader" -> answer.headers.put((String) args[0], (String) args[1]);
                        case "setContentType" -> answer.headers.put("Content-Type", (String) args[0]);
                        case "getOutputStream" -> {
                            return out;
                        }
                        default -> { }
                    }
                    return null;
                });
        servlet.doGet(request, response);
        return answer;
    }

    /** A finished clip of a camera, with its video, poster and sidecar. */
    private ClipFiles clip(String cameraId, String video) throws Exception {
        ClipFiles files = new ClipFiles(root, cameraId, CLIP);
        Files.createDirectories(files.video().getParent());
        Files.writeString(files.video(), video);
        Files.writeString(files.poster(), "poster of " + cameraId);
        new Sidecar(cameraId, CLIP, "motion", Instant.parse("2026-12-01T10:15:00Z"),
                Instant.parse("2026-12-01T10:15:10Z"), 100, 0, 0.2, false).write(files.sidecar());
        return files;
    }

    @Test
    void theListAndAClipSayWhatTheWebUiReads() throws Exception {
        clip("front", "the front video");
        String clip = "{\"name\":\"2026-12-01/101500-motion\",\"camera\":\"front\",\"reason\":\"motion\","
                + "\"start\":\"2026-12-01T10:15:00Z\",\"end\":\"2026-12-01T10:15:10Z\",\"seconds\":10.000,\"bytes\":15,"
                + "\"frames\":100,\"droppedFrames\":0,\"peakScore\":0.20000,"
                + "\"video\":\"/cameras/front/recordings/2026-12-01/101500-motion.ogg\","
                + "\"poster\":\"/cameras/front/recordings/2026-12-01/101500-motion.jpg\"}";
        assertEquals("[" + clip + "]\n", get("front", "").text());
        // The clip alone also says where its keyframes begin: here none, since the video is no Theora.
        assertEquals(clip.substring(0, clip.length() - 1) + ",\"keyframes\":[]}", get("front", "/" + CLIP + ".json").text());
    }

    @Test
    void aClipSaysWhereItsKeyframesBegin() throws Exception {
        ClipFiles files = clip("front", "");
        TestFrames camera = new TestFrames(10);
        try (TheoraOggWriter writer = TheoraOggWriter.open(FileChannel.open(files.video(),
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING),
                new TheoraOptions(10, 60, 1, 1000, TheoraOptions.DEFAULT_SKIP_THRESHOLD, Map.of()))) {
            for (int i = 0; i < 25; i++) {
                Frame frame = camera.frame(i);
                writer.write(frame.jpeg(), frame.captureNanos());
            }
        }
        List<TheoraKeyframes.Keyframe> keyframes;
        try (FileChannel channel = FileChannel.open(files.video())) {
            keyframes = TheoraKeyframes.scan(channel);
        }
        assertEquals(3, keyframes.size(), keyframes.toString());
        String json = get("front", "/" + CLIP + ".json").text();
        String expected = "\"keyframes\":[{\"seconds\":0.000,\"offset\":" + keyframes.get(0).offset()
                + "},{\"seconds\":1.000,\"offset\":" + keyframes.get(1).offset()
                + "},{\"seconds\":2.000,\"offset\":" + keyframes.get(2).offset() + "}]}";
        assertTrue(json.endsWith(expected), json);
        assertFalse(get("front", "").text().contains("keyframes"), "the list leaves them out");
        // Those the writer noted in the sidecar are taken as they are, without reading the video.
        new Sidecar("front", CLIP, "motion", Instant.parse("2026-12-01T10:15:00Z"), Instant.parse("2026-12-01T10:15:10Z"),
                25, 0, 0.2, false, List.of(new TheoraKeyframes.Keyframe(0, 0, 111), new TheoraKeyframes.Keyframe(10, 1, 222)))
                .write(files.sidecar());
        String noted = get("front", "/" + CLIP + ".json").text();
        assertTrue(noted.endsWith("\"keyframes\":[{\"seconds\":0.000,\"offset\":111},{\"seconds\":1.000,\"offset\":222}]}"),
                noted);
    }

    @Test
    void everyRecordingAnswerIsPrivateAndNotStored() throws Exception {
        clip("front", "the front video");
        for (String path : new String[] {"", "/", "/" + CLIP + ".ogg", "/" + CLIP + ".jpg",
                "/" + CLIP + ".json", "/2026-12-02/101500-motion.ogg", "/nothing"}) {
            Answer answer = get("front", path);
            assertEquals("private, no-store", answer.headers.get("Cache-Control"), path + " (" + answer.status + ")");
        }
        Answer video = get("front", "/" + CLIP + ".ogg");
        assertEquals(200, video.status);
        assertEquals("the front video", video.text());
        assertTrue(get("front", "").text().contains("\"name\":\"" + CLIP + "\""));
    }

    @Test
    void aCameraIsServedOnlyFilesInItsOwnFolder() throws Exception {
        clip("back", "the back camera's video");
        // Links inside the front camera's folder: a day that is the back camera's day, and single files.
        Files.createDirectories(root.resolve("front"));
        Files.createSymbolicLink(root.resolve("front/2026-12-01"), root.resolve("back/2026-12-01"));
        ClipFiles linkedFiles = new ClipFiles(root, "front", "2026-12-02/101500-motion");
        Files.createDirectories(linkedFiles.video().getParent());
        Files.createSymbolicLink(linkedFiles.video(), root.resolve("back/" + CLIP + ".ogg"));
        Files.createSymbolicLink(linkedFiles.poster(), root.resolve("back/" + CLIP + ".jpg"));
        Files.createSymbolicLink(linkedFiles.sidecar(), root.resolve("back/" + CLIP + ".json"));
        // A camera whose whole folder is a link to another camera's.
        Files.createSymbolicLink(root.resolve("side"), root.resolve("back"));

        for (String[] request : new String[][] {{"front", CLIP}, {"front", "2026-12-02/101500-motion"},
                {"side", CLIP}}) {
            for (String kind : new String[] {".ogg", ".jpg", ".json"}) {
                Answer answer = get(request[0], "/" + request[1] + kind);
                assertEquals(404, answer.status, request[0] + "/" + request[1] + kind + ": " + answer.text());
                assertFalse(answer.text().contains("back"), answer.text());
            }
            String list = get(request[0], "").text();
            assertEquals("[]\n", list, request[0]);
        }
        Answer own = get("back", "/" + CLIP + ".ogg");
        assertEquals(200, own.status);
        assertArrayEquals("the back camera's video".getBytes(StandardCharsets.UTF_8), own.body.toByteArray());
    }
}
