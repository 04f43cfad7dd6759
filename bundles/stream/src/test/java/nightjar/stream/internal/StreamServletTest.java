package nightjar.stream.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

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
    void escapesJsonAndHtml() {
        assertEquals("\"a\\\"b\\\\c\\n\\u003c/script\\u003e\\u0001\"", Text.json("a\"b\\c\n</script>\u0001"));
        assertEquals("&lt;img src=&quot;x&quot; onerror=&#39;y&#39;&gt; &amp;", Text.html("<img src=\"x\" onerror='y'> &"));
    }
}
