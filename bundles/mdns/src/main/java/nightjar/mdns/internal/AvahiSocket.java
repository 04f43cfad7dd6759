package nightjar.mdns.internal;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * avahi-daemon, found by its "simple protocol" socket ({@code /run/avahi-daemon/socket}, the one
 * nss-mdns uses; no D-Bus needed). While it accepts connections, avahi runs and owns the host's
 * {@code .local} name; {@code RESOLVE-ADDRESS <our address>} tells which name that is now (avahi may
 * have renamed the host, e.g. {@code raspberrypi-2.local}), answered from its own records at once.
 */
final class AvahiSocket implements HostNameOwner {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(2);
    private final Path path;

    AvahiSocket(Path path) {
        this.path = path;
    }

    @Override
    public @Nullable Found find(List<Inet4Address> addresses) {
        if (!Files.exists(path)) {
            return null;
        }
        for (Inet4Address address : addresses) {
            try {
                String answer = ask("RESOLVE-ADDRESS " + address.getHostAddress());
                // "+ <interface> <protocol> <name>" or "- <reason>"
                String[] fields = answer.trim().split(" ", 4);
                if (fields.length == 4 && fields[0].equals("+")) {
                    return new Found(DnsName.of(fields[3]));
                }
            } catch (IOException e) {
                return null; // a socket left behind by a stopped avahi refuses connections
            } catch (IllegalArgumentException e) {
                return new Found(null);
            }
        }
        return new Found(null);
    }

    private String ask(String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                Selector selector = Selector.open()) {
            channel.connect(UnixDomainSocketAddress.of(path));
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            ByteBuffer buffer = ByteBuffer.allocate(512);
            long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
            while (buffer.hasRemaining()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || selector.select(Math.max(1, left / 1_000_000)) == 0 && System.nanoTime() >= deadline) {
                    break;
                }
                selector.selectedKeys().clear();
                if (channel.read(buffer) < 0 || new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).contains("\n")) {
                    break;
                }
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        }
    }
}
