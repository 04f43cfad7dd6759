package nightjar.mdns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvahiSocketTest {
    @TempDir
    Path directory;

    private final List<Inet4Address> addresses = List.of(ipv4());

    @Test
    void noSocketIsNoAvahi() {
        assertNull(new AvahiSocket(directory.resolve("socket")).find(addresses));
    }

    @Test
    void aSocketNobodyListensOnIsNoAvahi() throws Exception {
        Path path = directory.resolve("socket");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        server.close(); // the file stays, as avahi's does after a crash
        assertEquals(true, Files.exists(path));
        assertNull(new AvahiSocket(path).find(addresses));
    }

    @Test
    void avahiTellsTheNameItPublishesForOurAddress() throws Exception {
        AtomicReference<String> asked = new AtomicReference<>();
        HostNameOwner.Found found = withAvahi("+ 2 0 raspberrypi-2.local\n", asked);
        assertEquals(new HostNameOwner.Found(DnsName.of("raspberrypi-2.local")), found);
        assertEquals("RESOLVE-ADDRESS 10.0.0.5\n", asked.get());
    }

    @Test
    void avahiRunningWithoutAnAnswerStillOwnsTheName() throws Exception {
        assertEquals(new HostNameOwner.Found(null), withAvahi("- Timeout reached\n", new AtomicReference<>()));
    }

    private HostNameOwner.Found withAvahi(String answer, AtomicReference<String> asked) throws Exception {
        Path path = directory.resolve("socket");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            Thread avahi = new Thread(() -> {
                try (SocketChannel client = server.accept()) {
                    ByteBuffer buffer = ByteBuffer.allocate(200);
                    while (!new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).endsWith("\n")) {
                        client.read(buffer);
                    }
                    asked.set(new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII));
                    client.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.US_ASCII)));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            avahi.start();
            HostNameOwner.Found found = new AvahiSocket(path).find(addresses);
            avahi.join();
            return found;
        }
    }

    private static Inet4Address ipv4() {
        try {
            return (Inet4Address) InetAddress.getByName("10.0.0.5");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
