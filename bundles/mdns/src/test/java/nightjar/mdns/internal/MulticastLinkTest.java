package nightjar.mdns.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class MulticastLinkTest {
    /** Reviewer's item 12: a RuntimeException out of the receiver must not end the receiving thread. */
    @Test
    void receivingGoesOnAfterTheReceiverFails() throws Exception {
        MulticastSocket socket = new MulticastSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch second = new CountDownLatch(1);
        MulticastLink link = new MulticastLink(socket, Set.of(), (datagram, source) -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("a bug in handling");
            }
            second.countDown();
        });
        try (DatagramSocket sender = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
            sender.send(new DatagramPacket(new byte[] {1}, 1, to));
            sender.send(new DatagramPacket(new byte[] {2}, 1, to));
            assertTrue(second.await(10, TimeUnit.SECONDS), "the second datagram arrives; calls: " + calls.get());
        } finally {
            link.close();
        }
    }
}
