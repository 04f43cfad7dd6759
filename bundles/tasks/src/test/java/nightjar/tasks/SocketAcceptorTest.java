package nightjar.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class SocketAcceptorTest {
    private final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();

    @Test
    void eachConnectionIsHandedOverUntilClosed() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        SocketAcceptor acceptor = SocketAcceptor.start("test port", "nightjar-test-accept", loopback, 0, accepted::add);
        int port = acceptor.port();
        try (Socket first = new Socket(loopback, port); Socket second = new Socket(loopback, port)) {
            Socket one = accepted.poll(10, TimeUnit.SECONDS);
            Socket two = accepted.poll(10, TimeUnit.SECONDS);
            assertTrue(one != null && two != null, "both connections were handed over");
            assertEquals(first.getLocalPort(), one.getPort());
            assertEquals(second.getLocalPort(), two.getPort());
            one.close();
            two.close();
        }
        assertTrue(acceptor.accepting());

        acceptor.close();
        assertFalse(acceptor.accepting(), "the accepting thread ended");
        assertThrows(ConnectException.class, () -> new Socket(loopback, port).close());
    }

    @Test
    void aPortInUseIsTheCallersError() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (SocketAcceptor first = SocketAcceptor.start("first", "nightjar-test-accept", loopback, 0, accepted::add)) {
            assertThrows(IOException.class,
                    () -> SocketAcceptor.start("second", "nightjar-test-accept-2", loopback, first.port(), accepted::add));
        }
    }
}
