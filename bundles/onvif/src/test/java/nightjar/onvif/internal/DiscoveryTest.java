package nightjar.onvif.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/** Discovery on a port of the test's own, probed by unicast from this host (no group is joined). */
class DiscoveryTest {
    private static final String XADDRS = "http://127.0.0.1:8000/onvif/device_service";
    /** Only bounds how long a failing test waits for an answer that does not come. */
    private static final int RECEIVE_TIMEOUT_MILLIS = 20_000;
    private final DiscoveryMessages messages = new DiscoveryMessages("urn:uuid:6a1e1f4c-3b43-4b5c-9a52-0d1c2b3a4f5e",
            Scopes.of(new Fakes.Device()), 1764921600);

    @Test
    void aDatagramWhoseAnswerFailsDoesNotEndDiscovery() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Function<InetAddress, String> xAddrs = local -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("no address for " + local);
            }
            return XADDRS;
        };
        try (Discovery discovery = Discovery.listen(0, messages, xAddrs);
                DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            client.setSoTimeout(RECEIVE_TIMEOUT_MILLIS);
            InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), discovery.port());
            byte[] probe = DiscoveryMessagesTest.probe("dn:NetworkVideoTransmitter", "").getBytes(StandardCharsets.UTF_8);
            client.send(new DatagramPacket(probe, probe.length, target));
            client.send(new DatagramPacket(probe, probe.length, target));

            DatagramPacket answer = new DatagramPacket(new byte[Discovery.MAX_DATAGRAM], Discovery.MAX_DATAGRAM);
            client.receive(answer);
            String text = new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8);
            assertTrue(text.contains("ProbeMatches") && text.contains(XADDRS), text);
            assertEquals(2, calls.get(), "the second probe was answered after the first failed");
        }
    }
}
