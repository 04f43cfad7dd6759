package nightjar.stream.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nightjar.api.camera.CameraState;
import nightjar.api.camera.CameraStatus;
import nightjar.api.camera.Frame;

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
    void escapesJson() {
        assertEquals("\"a\\\"b\\\\c\\n\\u003c/script\\u003e\\u0001\"", Text.json("a\"b\\c\n</script>\u0001"));
    }

    @Test
    void aFailedCameraGivesNoStaleSnapshotButSaysWhy() throws Exception {
        Frame stale = new Frame("door", 7, 0, Instant.now(), 8, 8, new byte[] {(byte) 0xFF, (byte) 0xD8});
        StreamServlet servlet = new StreamServlet();
        servlet.addCamera(new FakeCamera("door",
                new CameraStatus(CameraState.ERROR, "remote stream failed: connection refused", 8, 8, 0), stale));
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
