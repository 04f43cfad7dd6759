package nightjar.rtsp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The request reader against what clients send, and what attackers send. */
class RtspReaderTest {
    private static RtspReader reader(String text) {
        return reader(text.getBytes(StandardCharsets.ISO_8859_1), new AtomicLong());
    }

    private static RtspReader reader(byte[] bytes, AtomicLong nanos) {
        return new RtspReader(new BufferedInputStream(new ByteArrayInputStream(bytes)), nanos::get);
    }

    @Test
    void readsRequestsInterleavedPacketsAndFoldedHeaders() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes("\r\nDESCRIBE rtsp://cam/cameras/front RTSP/1.0\r\nCSeq: 2\r\nAccept: application/sdp\r\nX-Long: a\r\n b\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        wire.writeBytes(new byte[] {'$', 1, 0, 3, 9, 9, 9});
        wire.writeBytes("SET_PARAMETER * RTSP/1.0\ncseq: 3\nContent-Length: 4\n\nabcd".getBytes(StandardCharsets.US_ASCII));
        RtspReader reader = reader(wire.toByteArray(), new AtomicLong());
        AtomicInteger packets = new AtomicInteger();

        RtspRequest describe = reader.next(packets::incrementAndGet);
        assertEquals("DESCRIBE", describe.method());
        assertEquals("rtsp://cam/cameras/front", describe.uri());
        assertEquals(2, describe.cseq());
        assertEquals("application/sdp", describe.header("ACCEPT"));
        assertEquals("a b", describe.header("x-long"));

        RtspRequest set = reader.next(packets::incrementAndGet);
        assertEquals(1, packets.get(), "the interleaved packet was skipped");
        assertEquals(3, set.cseq());
        assertArrayEquals("abcd".getBytes(StandardCharsets.US_ASCII), set.body());
        assertNull(reader.next(packets::incrementAndGet), "end of stream between requests");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("GET / HTTP/1.1\r\nHost: x\r\n\r\n", 505),
                Arguments.of("DESCRIBE rtsp://x/ RTSP/2.0\r\nCSeq: 1\r\n\r\n", 505),
                Arguments.of("DESCRIBE  rtsp://x/ RTSP/1.0\r\nCSeq: 1\r\n\r\n", 400),
                Arguments.of("DESCRIBE rtsp://x/\r\nCSeq: 1\r\n\r\n", 400),
                Arguments.of("DESC(RIBE rtsp://x/ RTSP/1.0\r\nCSeq: 1\r\n\r\n", 400),
                Arguments.of("DESCRIBE rtsp://x/ RTSP/1.0\r\n\r\n", 400),
                Arguments.of("DESCRIBE rtsp://x/ RTSP/1.0\r\nCSeq: one\r\n\r\n", 400),
                Arguments.of("DESCRIBE rtsp://x/ RTSP/1.0\r\nCSeq: 99999999999\r\n\r\n", 400),
                Arguments.of("DESCRIBE rtsp://x/ RTSP/1.0\r\nCSeq: 1\r\nno colon here\r\n\r\n", 400),
                Arguments.of("DESCRIBE rtsp://x/ RTSP/1.0\r\nCSeq: 1\r\n: empty name\r\n\r\n", 400),
                Arguments.of("DESCRIBE rtsp://x/ RTSP/1.0\r\nCSeq: 1\rX: y\r\n\r\n", 400),
                Arguments.of("DESCRIBE rtsp://x/ RTSP/1.0\r\nCSeq: 1\r\nContent-Length: -1\r\n\r\n", 400),
                Arguments.of("DESCRIBE rtsp://x/ RTSP/1.0\r\nCSeq: 1\r\nContent-Length: 5000\r\n\r\n", 413));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedRequestsGetAClearStatusAndCloseTheConnection(String request, int status) {
        RtspException refused = assertThrows(RtspException.class, () -> reader(request).next(() -> { }));
        assertEquals(status, refused.status());
        assertTrue(refused.closes());
    }

    @Test
    void controlCharactersAndNonAsciiAreRefused() {
        for (String bad : new String[] {"DESCRIBE rtsp://x/\u0000 RTSP/1.0\r\n", "DESCRIBE rtsp://x/\u00e9 RTSP/1.0\r\n"}) {
            RtspException refused = assertThrows(RtspException.class, () -> reader(bad).next(() -> { }));
            assertEquals(400, refused.status());
        }
    }

    @Test
    void sizesAreBounded() {
        String longLine = "DESCRIBE rtsp://x/" + "a".repeat(RtspReader.MAX_LINE) + " RTSP/1.0\r\nCSeq: 1\r\n\r\n";
        assertEquals(400, assertThrows(RtspException.class, () -> reader(longLine).next(() -> { })).status());

        StringBuilder many = new StringBuilder("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n");
        for (int i = 0; i < RtspReader.MAX_HEADERS + 1; i++) {
            many.append("X-").append(i).append(": v\r\n");
        }
        RtspException headers = assertThrows(RtspException.class, () -> reader(many + "\r\n").next(() -> { }));
        assertTrue(headers.getMessage().contains("headers"), headers.getMessage());

        StringBuilder large = new StringBuilder("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n");
        for (int i = 0; i < 8; i++) {
            large.append("X: ").append("b".repeat(RtspReader.MAX_LINE - 10)).append("\r\n");
        }
        assertEquals(400, assertThrows(RtspException.class, () -> reader(large + "\r\n").next(() -> { })).status());
    }

    @Test
    void aRequestCutOffOrDribbledOutIsNotWaitedForForever() throws Exception {
        assertThrows(EOFException.class, () -> reader("DESCRIBE rtsp://x/ RTSP/1.0\r\nCSeq: 1\r\n").next(() -> { }));
        assertThrows(EOFException.class, () -> reader("SET_PARAMETER * RTSP/1.0\r\nCSeq: 1\r\nContent-Length: 9\r\n\r\nab")
                .next(() -> { }));
        assertThrows(EOFException.class, () -> reader(new byte[] {'$', 0, 1}, new AtomicLong()).next(() -> { }));

        // Each line takes 10 s to arrive: past the limit, the request is refused.
        AtomicLong nanos = new AtomicLong();
        byte[] slow = "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nA: b\r\nC: d\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        InputStream dribble = new InputStream() {
            private int at;

            @Override
            public int read() {
                if (at < slow.length && slow[at] == '\n') {
                    nanos.addAndGet(10_000_000_000L);
                }
                return at < slow.length ? slow[at++] : -1;
            }
        };
        RtspException late = assertThrows(RtspException.class, () -> new RtspReader(dribble, nanos::get).next(() -> { }));
        assertEquals(408, late.status());
    }
}
