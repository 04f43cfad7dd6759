package nightjar.stream.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nightjar.api.camera.CameraState;
import nightjar.api.camera.CameraStatus;
import nightjar.api.camera.Frame;
import nightjar.api.camera.testing.FakeCamera;
import nightjar.api.http.NightjarHttp;
import nightjar.api.security.User;
import nightjar.api.security.UserDirectory;

class StreamServletTest {
    @Test
    void parsesTheFpsCap() {
        assertEquals(0, StreamServlet.parseFps(null));
        assertEquals(0, StreamServlet.parseFps(""));
        assertEquals(2.5, StreamServlet.parseFps("2.5"));
        assertEquals("fps must be a number, was 'fast'",
                assertThrows(IllegalArgumentException.class, () -> StreamServlet.parseFps("fast")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> StreamServlet.parseFps("0"));
        assertThrows(IllegalArgumentException.class, () -> StreamServlet.parseFps("-3"));
        assertThrows(IllegalArgumentException.class, () -> StreamServlet.parseFps("NaN"));
        assertThrows(IllegalArgumentException.class, () -> StreamServlet.parseFps("1000"));
        assertEquals(0.1, StreamServlet.parseFps("0.1"));
        // A frame every three hours would hold a connection for nothing.
        assertEquals("fps must be at least 0.1 and at most 120, was '0.0001'",
                assertThrows(IllegalArgumentException.class, () -> StreamServlet.parseFps("0.0001")).getMessage());
    }

    /** One stream request as the container makes it: what the servlet answered, and the stream's socket. */
    private static final class Viewer {
        final List<Object> errors = new ArrayList<>();
        final FakeServletOutput out = new FakeServletOutput();
        final AtomicInteger completions = new AtomicInteger();
        final List<AsyncListener> listeners = new ArrayList<>();
        /** Whether the headers were sent before the stream went asynchronous. */
        boolean headersSentBeforeAsync;
        boolean async;
    }

    private static Viewer stream(StreamServlet servlet, String account, String address, String query) throws Exception {
        Viewer viewer = new Viewer();
        ClassLoader loader = StreamServletTest.class.getClassLoader();
        AsyncContext async = (AsyncContext) Proxy.newProxyInstance(loader, new Class<?>[] {AsyncContext.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "complete" -> viewer.completions.incrementAndGet();
                        case "addListener" -> viewer.listeners.add((AsyncListener) args[0]);
                        default -> { }
                    }
                    return null;
                });
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(loader,
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRequestURI" -> "/cameras/front/stream.mjpg";
                    case "getContextPath" -> "";
                    case "getMethod" -> "GET";
                    case "getRemoteUser" -> account;
                    case "getAttribute" -> NightjarHttp.USER_ATTRIBUTE.equals(args[0])
                            ? new User(account, "viewer", Set.of("front"), false, 1) : null;
                    case "getRemoteAddr" -> address;
                    case "getParameter" -> "fps".equals(args[0]) && !query.isEmpty() ? query : null;
                    case "startAsync" -> {
                        viewer.async = true;
                        yield async;
                    }
                    default -> null;
                });
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(loader,
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "sendError" -> {
                        viewer.errors.addAll(List.of(args));
                        yield null;
                    }
                    case "getOutputStream" -> viewer.out;
                    case "flushBuffer" -> {
                        viewer.headersSentBeforeAsync |= !viewer.async;
                        yield null;
                    }
                    default -> null;
                });
        servlet.doGet(request, response);
        return viewer;
    }

    private static StreamServlet servlet(FakeCamera camera, long[] now, List<String> log, Map<String, Object> config) {
        StreamServlet servlet = new StreamServlet(() -> now[0], log::add);
        servlet.configure(Converters.standardConverter().convert(config).to(StreamConfig.class));
        servlet.addCamera(camera);
        return servlet;
    }

    private static final FakeCamera FRONT = new FakeCamera("front", FakeCamera.streaming(8, 8, 30));

    @Test
    void aViewerGetsTheHeadersBeforeTheFirstPicture() throws Exception {
        StreamServlet servlet = servlet(new FakeCamera("front", FakeCamera.streaming(8, 8, 30)), new long[] {0},
                new ArrayList<>(), Map.of());
        Viewer viewer = stream(servlet, "alice", "192.0.2.1", "");
        assertTrue(viewer.headersSentBeforeAsync, "no picture yet, and the viewer knows it is connected");
        assertEquals(0, viewer.out.written.size());
    }

    @Test
    void streamsBeyondTheCapsAreRefusedWith429AndAClosedOneMakesRoom() throws Exception {
        long[] now = {0};
        StreamServlet servlet = servlet(FRONT, now, new ArrayList<>(),
                Map.of("maxStreamsPerAccount", 2, "maxStreamsPerAddress", 3));
        Viewer first = stream(servlet, "alice", "192.0.2.1", "");
        assertEquals(List.of(), first.errors);
        assertEquals(List.of(), stream(servlet, "alice", "192.0.2.2", "").errors);
        Viewer third = stream(servlet, "alice", "192.0.2.3", "");
        assertEquals(List.of(429, "Account 'alice' has 2 streams open, the most allowed (maxStreamsPerAccount in "
                + "nightjar.stream): close one first"), third.errors);
        assertEquals(2, servlet.viewers("front"));

        assertEquals(List.of(), stream(servlet, "bob", "192.0.2.1", "").errors);
        assertEquals(List.of(), stream(servlet, "carol", "192.0.2.1", "").errors);
        assertEquals(429, stream(servlet, "dave", "192.0.2.1", "").errors.get(0), "the address has 3");

        // The viewer goes away (the container fails its write): its stream no longer counts.
        first.out.listener.onError(new IOException("Connection reset by peer"));
        assertEquals(List.of(), stream(servlet, "alice", "192.0.2.4", "").errors);
        assertEquals(List.of(), stream(servlet, "dave", "192.0.2.1", "").errors);
    }

    @Test
    void aTooLowFpsIsRefusedBeforeAnythingIsHeld() throws Exception {
        StreamServlet servlet = servlet(FRONT, new long[1], new ArrayList<>(), Map.of());
        Viewer viewer = stream(servlet, "alice", "192.0.2.1", "0.0001");
        assertEquals(List.of(400, "fps must be at least 0.1 and at most 120, was '0.0001'"), viewer.errors);
        assertEquals(0, servlet.viewers("front"));
    }

    @Test
    void twoHundredViewersClosedForNotReadingAreTwoLinesAndNoStackTrace() throws Exception {
        long[] now = {0};
        List<String> log = new ArrayList<>();
        StreamServlet servlet = servlet(FRONT, now, log, Map.of("maxStreamsPerAccount", 1000,
                "maxStreamsPerAddress", 1000));
        List<Viewer> viewers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Viewer viewer = stream(servlet, "viewer", "192.0.2." + (i % 250), "");
            viewer.out.acceptWrites = 1; // it stops reading after the first bytes
            viewers.add(viewer);
        }
        FRONT.lastSubscriber().onFrame(new Frame("front", 1, 0, Instant.now(), 8, 8, new byte[100]));
        // The container's idle timeout fails each pending write, over half a minute.
        for (Viewer viewer : viewers) {
            viewer.out.listener.onError(new TimeoutException("Idle timeout expired: 60000/60000 ms"));
            now[0] += TimeUnit.MILLISECONDS.toNanos(150);
        }
        assertEquals(0, servlet.viewers("front"));
        assertEquals(0, viewers.stream().mapToInt(v -> v.completions.get()).sum(),
                "left to the container, which is ending them");
        now[0] += TimeUnit.MINUTES.toNanos(1);
        servlet.sweep();
        assertEquals(List.of("Closed the stream of viewer at 192.0.2.0 (camera front): it stopped reading",
                "199 more viewers closed for not reading in the last minute"), log);
    }

    @Test
    void aStreamThatSendsNothingIsClosedAfterTheIdleTimeout() throws Exception {
        long[] now = {0};
        List<String> log = new ArrayList<>();
        FakeCamera stalled = new FakeCamera("front", FakeCamera.streaming(8, 8, 30));
        StreamServlet servlet = servlet(stalled, now, log, Map.of("idleTimeoutSeconds", 45));
        Viewer viewer = stream(servlet, "alice", "192.0.2.1", "");
        now[0] += TimeUnit.SECONDS.toNanos(44);
        servlet.sweep();
        assertEquals(1, servlet.viewers("front"));
        now[0] += TimeUnit.SECONDS.toNanos(1);
        servlet.sweep();
        assertEquals(0, servlet.viewers("front"));
        assertEquals(1, viewer.completions.get());
        assertEquals(1, stalled.subscriptionsClosed());
        assertEquals(List.of("Closed the stream of alice at 192.0.2.1 (camera front): no picture for 45 s"), log);
        assertEquals(List.of(), stream(servlet, "alice", "192.0.2.1", "").errors);
    }

    @Test
    void aStreamWhoseLoginNoLongerHoldsIsClosedAtTheNextSweep() throws Exception {
        long[] now = {0};
        List<String> log = new ArrayList<>();
        StreamServlet servlet = servlet(new FakeCamera("front", FakeCamera.streaming(8, 8, 30)), now, log, Map.of());
        Map<String, String> revocations = new HashMap<>();
        List<String> asked = new ArrayList<>();
        servlet.users = (UserDirectory) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {UserDirectory.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("revocation")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    User login = (User) args[0];
                    asked.add(login.name() + " " + login.passwordStamp() + " " + args[1]);
                    return revocations.get(login.name());
                });
        Viewer alice = stream(servlet, "alice", "192.0.2.1", "");
        Viewer bob = stream(servlet, "bob", "192.0.2.2", "");
        servlet.sweep();
        assertEquals(2, servlet.viewers("front"));
        assertEquals(List.of("alice 1 front", "bob 1 front"), asked.stream().sorted().toList(),
                "each stream's login as the request found it, and its camera");
        revocations.put("alice", "the password of alice was changed");
        servlet.sweep();
        assertEquals(1, servlet.viewers("front"));
        assertEquals(1, alice.completions.get());
        assertEquals(0, bob.completions.get());
        assertEquals(List.of("Closed the stream of alice at 192.0.2.1 (camera front): the password of alice was changed"),
                log);
        servlet.users = null;
        revocations.put("bob", "the account bob was removed");
        servlet.sweep();
        assertEquals(1, servlet.viewers("front"), "without the directory, nothing is known to be revoked");
    }

    @Test
    void unusableLimitsAreRefusedAndTheOnesBeforeStay() throws Exception {
        StreamServlet servlet = servlet(FRONT, new long[] {0}, new ArrayList<>(), Map.of("maxStreamsPerAccount", 1));
        assertEquals("idleTimeoutSeconds must be at least 30, was 5", StreamServlet.refusal(
                Converters.standardConverter().convert(Map.of("idleTimeoutSeconds", 5)).to(StreamConfig.class)));
        servlet.configure(Converters.standardConverter().convert(Map.of("maxStreamsPerAccount", 0)).to(StreamConfig.class));
        assertEquals(List.of(), stream(servlet, "alice", "192.0.2.1", "").errors);
        assertEquals(429, stream(servlet, "alice", "192.0.2.2", "").errors.get(0), "the cap of 1 is still in force");
    }

    @Test
    void partHeadersCarrySizeTimeAndSequence() {
        Frame frame = new Frame("c", 42, 0, Instant.ofEpochSecond(1_700_000_123L, 5_000), 4, 4, new byte[31_337]);
        byte[] buffer = new byte[MultipartPart.MAX_HEADER + 5];
        int end = MultipartPart.header(frame, buffer, 5);
        assertEquals("Content-Type: image/jpeg\r\nContent-Length: 31337\r\nX-Timestamp: 1700000123.000005\r\n"
                + "X-Sequence: 42\r\n\r\n", new String(buffer, 5, end - 5, StandardCharsets.US_ASCII));
    }

    @Test
    void escapesJson() throws Exception {
        StreamServlet servlet = new StreamServlet();
        servlet.addCamera(new FakeCamera("door", new CameraStatus(CameraState.ERROR, "a\"b\\c\n</script>\u0001 x='1'", 8, 8, 12.5)));
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRequestURI" -> "/cameras";
                    case "getContextPath" -> "";
                    case "getMethod" -> "GET";
                    default -> null;
                });
        StringWriter body = new StringWriter();
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> method.getName().equals("getWriter")
                        ? new PrintWriter(body) : null);
        servlet.doGet(request, response);
        assertEquals("[{\"id\":\"door\",\"name\":\"door\",\"state\":\"ERROR\",\"message\":"
                + "\"a\\\"b\\\\c\\n\\u003c/script\\u003e\\u0001 x='1'\""
                + ",\"width\":8,\"height\":8,\"fps\":12.5}]\n", body.toString());
    }

    @Test
    void aFailedCameraGivesNoStaleSnapshotButSaysWhy() throws Exception {
        Frame stale = new Frame("door", 7, 0, Instant.now(), 8, 8, new byte[] {(byte) 0xFF, (byte) 0xD8});
        StreamServlet servlet = new StreamServlet();
        FakeCamera door = new FakeCamera("door",
                new CameraStatus(CameraState.ERROR, "remote stream failed: connection refused", 8, 8, 0));
        door.setLatestFrame(stale);
        servlet.addCamera(door);
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRequestURI" -> "/cameras/door/snapshot.jpg";
                    case "getContextPath" -> "";
                    case "getMethod" -> "GET";
                    default -> null;
                });
        List<Object> errors = new ArrayList<>();
        Map<String, String> headers = new HashMap<>();
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "sendError" -> errors.addAll(List.of(args));
                        case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                        case "getOutputStream", "getWriter" -> throw new AssertionError("no picture may be written");
                        default -> { }
                    }
                    return null;
                });
        servlet.doGet(request, response);
        assertEquals(List.of(503, "Camera 'door' has no current picture (ERROR: remote stream failed: connection refused)"),
                errors);
        assertEquals("1", headers.get("Retry-After"));
    }
}
