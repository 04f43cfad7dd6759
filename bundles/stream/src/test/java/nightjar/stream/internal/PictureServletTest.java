package nightjar.stream.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nightjar.api.camera.Frame;
import nightjar.api.camera.testing.FakeCamera;
import nightjar.api.http.NightjarHttp;
import nightjar.api.stream.PictureSource;

/** The motion tuning view, {@code /cameras/front/motion.mjpg}, served from the motion bundle's picture source. */
class PictureServletTest {
    /** The tuning view's source: a camera-like fan-out whose pictures the test hands over. */
    private final FakeCamera tuning = new FakeCamera("front", FakeCamera.streaming(8, 8, 5));
    private final long[] now = {0};
    private final List<String> log = new ArrayList<>();
    private final StreamServlet streams = new StreamServlet(() -> now[0], log::add);
    private final PictureServlet servlet = new PictureServlet("front", "motion", tuning::subscribe, streams);

    @Test
    void aHeadRequestGetsTheHeadersAndNoStream() throws Exception {
        Map<String, Object> sent = new HashMap<>();
        HttpServletRequest request = proxy(HttpServletRequest.class, (method, args) ->
                method.equals("getMethod") ? "HEAD"
                        : method.equals("getAttribute") && NightjarHttp.ROLE_ATTRIBUTE.equals(args[0])
                                ? NightjarHttp.ADMIN_ROLE : null);
        HttpServletResponse response = proxy(HttpServletResponse.class, (method, args) -> {
            sent.put(method, args == null ? null : args[0]);
            return null;
        });
        servlet.doGet(request, response);
        assertEquals(MultipartPart.CONTENT_TYPE, sent.get("setContentType"));
        assertFalse(sent.containsKey("getOutputStream"));
        assertEquals(0, tuning.subscriberCount(), "nobody watches the source");
        assertEquals(0, tuning.subscriptionsClosed(), "nor did it for a moment");
    }

    /** An admin's request for the tuning view; what the servlet answered and the socket it streams to. */
    private record Watch(List<Object> errors, FakeServletOutput out, int[] completions) {
    }

    private Watch watch(String account, String query) throws Exception {
        List<Object> errors = new ArrayList<>();
        FakeServletOutput out = new FakeServletOutput();
        int[] completions = {0};
        AsyncContext async = proxy(AsyncContext.class, (method, args) -> {
            if (method.equals("complete")) {
                completions[0]++;
            }
            return null;
        });
        HttpServletRequest request = proxy(HttpServletRequest.class, (method, args) -> switch (method) {
            case "getMethod" -> "GET";
            case "getAttribute" -> NightjarHttp.ROLE_ATTRIBUTE.equals(args[0]) ? NightjarHttp.ADMIN_ROLE : null;
            case "getRemoteUser" -> account;
            case "getRemoteAddr" -> "192.0.2.1";
            case "getParameter" -> "fps".equals(args[0]) && !query.isEmpty() ? query : null;
            case "startAsync" -> async;
            default -> null;
        });
        HttpServletResponse response = proxy(HttpServletResponse.class, (method, args) -> switch (method) {
            case "sendError" -> {
                errors.addAll(List.of(args));
                yield null;
            }
            case "getOutputStream" -> out;
            default -> null;
        });
        servlet.doGet(request, response);
        return new Watch(errors, out, completions);
    }

    @Test
    void anAdminGetsTheSourcesPicturesAsMjpegWithinTheCapsOfTheStreams() throws Exception {
        streams.configure(Converters.standardConverter().convert(Map.of("maxStreamsPerAccount", 1))
                .to(StreamConfig.class));
        Watch admin = watch("admin", "");
        assertEquals(List.of(), admin.errors());
        assertEquals(1, tuning.subscriberCount(), "the source is watched");
        byte[] drawn = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};
        tuning.lastSubscriber().onFrame(new Frame("front", 9, 0, Instant.ofEpochSecond(1_700_000_000L), 8, 8, drawn));
        String written = new String(admin.out().written.toByteArray(), StandardCharsets.ISO_8859_1);
        assertTrue(written.startsWith("--" + MultipartPart.BOUNDARY + "\r\nContent-Type: image/jpeg\r\n"
                + "Content-Length: 7\r\n"), written);
        assertTrue(written.contains("X-Sequence: 9\r\n\r\n" + new String(drawn, StandardCharsets.ISO_8859_1)
                + "\r\n--" + MultipartPart.BOUNDARY + "\r\n"), written);
        assertEquals(0, streams.viewers("front"), "the tuning view is not a viewer of the camera's stream");
        assertEquals(0, streams.framesDelivered("front"));

        assertEquals(429, watch("admin", "").errors().get(0), "the account's cap counts the tuning view too");
        assertEquals(400, watch("other", "0.0001").errors().get(0), "the fps cap is checked as for the stream");
    }

    @Test
    void aTuningViewThatSendsNothingIsClosedAfterTheIdleTimeout() throws Exception {
        Watch admin = watch("admin", "");
        now[0] += TimeUnit.SECONDS.toNanos(60);
        streams.sweep();
        assertEquals(1, admin.completions()[0]);
        assertEquals(1, tuning.subscriptionsClosed());
        assertEquals(List.of("Closed the stream of admin at 192.0.2.1 (camera front, motion.mjpg): no picture for 60 s"),
                log);
    }

    @Test
    void aSourceThatGoesAwayEndsItsStreams() throws Exception {
        PictureSource source = tuning::subscribe;
        streams.addPictureSource(source, Map.of(PictureSource.CAMERA_PROPERTY, "front",
                PictureSource.NAME_PROPERTY, "motion"));
        Watch admin = watch("admin", "");
        streams.removePictureSource(source);
        assertEquals(1, admin.completions()[0]);
        assertEquals(1, tuning.subscriptionsClosed());
    }

    interface Handler {
        Object call(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Handler handler) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> handler.call(method.getName(), args)));
    }
}
