package nightjar.camera.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import nightjar.api.capture.testing.RecordingSink;

/**
 * A network camera whose stream is mostly good frames with damaged ones among them: a flipped bit
 * in the size field, an impossible size, a cut-off picture, garbage. Only the good frames reach the
 * camera, at their one size; a size change that persists is taken.
 */
class RemoteDamagedFramesTest {
    private static final byte[] GOOD = TestJpegs.make(40, 30, Color.RED);
    private static final byte[] LARGER = TestJpegs.make(48, 32, Color.BLUE);

    private HttpServer server;
    private RemoteMjpegSource source;

    @AfterEach
    void stop() {
        if (source != null) {
            source.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private static byte[] garbage() {
        byte[] bytes = new byte[3000];
        new Random(1).nextBytes(bytes);
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xD8;
        return bytes;
    }

    /** The first connection gets the frames; later ones are refused, so the test sees one stream. */
    private URI serve(List<byte[]> frames) throws IOException {
        AtomicInteger connections = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/stream", exchange -> {
            if (connections.incrementAndGet() > 1) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            send(exchange, frames);
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/stream");
    }

    private static void send(HttpExchange exchange, List<byte[]> frames) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "multipart/x-mixed-replace;boundary=frame");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (byte[] jpeg : frames) {
                out.write(("--frame\r\nContent-Type: image/jpeg\r\nContent-Length: " + jpeg.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(jpeg);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("--frame--\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void damagedFramesAreDroppedAndNoSizeChangeReachesTheCamera() throws Exception {
        List<byte[]> frames = new ArrayList<>();
        int good = 0;
        for (int i = 0; i < 60; i++) {
            switch (i % 10) {
                case 3 -> frames.add(TestJpegs.declaring(GOOD, 40, 31)); // one bit of the height flipped
                case 5 -> frames.add(TestJpegs.declaring(GOOD, 60000, 60000));
                case 7 -> frames.add(Arrays.copyOf(GOOD, GOOD.length - 30));
                case 9 -> frames.add(i == 19 ? garbage() : TestJpegs.declaring(GOOD, 41, 30)); // width flipped
                default -> {
                    frames.add(GOOD);
                    good++;
                }
            }
        }
        // The camera really changes its size: the new size is taken once it persists.
        for (int i = 0; i < 5; i++) {
            frames.add(LARGER);
        }
        RecordingSink sink = new RecordingSink();
        source = new RemoteMjpegSource("test-damaged", serve(frames), "", "", null, sink);
        source.start();
        int expected = good + 3;
        RecordingSink.await(expected + " pictures", () -> sink.pictures.size() >= expected);
        RecordingSink.await("the end of the stream", () -> sink.states.stream()
                .anyMatch(s -> s.message().contains("ended")));
        List<String> sizes = sink.pictures.stream().map(p -> p.width() + "x" + p.height()).toList();
        List<String> wanted = new ArrayList<>();
        for (int i = 0; i < good; i++) {
            wanted.add("40x30");
        }
        wanted.addAll(List.of("48x32", "48x32", "48x32"));
        assertEquals(wanted, sizes, "only good frames, and a size change only when it persisted");
        assertEquals(frames.size() - good - 5, source.damagedFrames(), "every damaged frame is counted");
    }
}
