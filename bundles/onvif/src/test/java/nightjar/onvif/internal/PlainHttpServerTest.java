package nightjar.onvif.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import nightjar.tasks.testing.ManualTaskClock;

class PlainHttpServerTest {
    private final ManualTaskClock clock = new ManualTaskClock(Instant.parse("2026-12-05T08:00:00Z"));
    private final Fakes.Device device = new Fakes.Device();
    private final PlainHttpServer server;

    PlainHttpServerTest() throws IOException {
        device.cameras.add(Fakes.camera("front", "Front", 640, 480, 10));
        server = PlainHttpServer.start(0, new SoapEndpoint(device, new PullPoints(clock, 2), new MotionStates(), clock));
    }

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void aSoapPostIsAnsweredWithPlainHttpAddresses() throws IOException {
        byte[] body = Fakes.envelope("", "<GetCapabilities xmlns=\"" + Soap.DEVICE + "\"/>");
        String response = exchange("POST /onvif/device_service HTTP/1.1\r\nHost: nightjar.local:8000\r\nContent-Type: "
                + "application/soap+xml\r\nContent-Length: " + body.length + "\r\n\r\n", body);
        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
        assertTrue(response.contains("<tt:XAddr>http://nightjar.local:8000/onvif/media_service</tt:XAddr>"), response);
        assertTrue(response.contains("\r\nX-Content-Type-Options: nosniff\r\n") && response.contains(
                "\r\nX-Frame-Options: DENY\r\n") && response.contains("frame-ancestors 'none'"), response);
    }

    @Test
    void passwordTextIsRefusedWithoutTls() throws IOException {
        byte[] body = Fakes.envelope(Fakes.textHeader(Fakes.USER, Fakes.SECRET), "<GetDeviceInformation xmlns=\""
                + Soap.DEVICE + "\"/>");
        String response = exchange("POST /onvif/device_service HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length
                + "\r\n\r\n", body);
        assertTrue(response.startsWith("HTTP/1.1 400 ") && response.contains("ter:NotAuthorized"), response);
    }

    @Test
    void aLargeBodyIsRefusedUnreadAndOthersWithoutLengthOrPost() throws IOException {
        String tooLarge = exchange("POST /onvif/device_service HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n",
                new byte[0]);
        assertTrue(tooLarge.startsWith("HTTP/1.1 413 ") && tooLarge.contains("<env:Fault>"), tooLarge);
        assertTrue(exchange("POST /onvif/device_service HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", new byte[0])
                .startsWith("HTTP/1.1 411 "));
        assertTrue(exchange("GET /onvif/device_service HTTP/1.1\r\n\r\n", new byte[0]).startsWith("HTTP/1.1 405 "));
        assertTrue(exchange("x".repeat(PlainHttpServer.MAX_HEAD_BYTES), new byte[0]).startsWith("HTTP/1.1 400 "));
    }

    private String exchange(String head, byte[] body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
