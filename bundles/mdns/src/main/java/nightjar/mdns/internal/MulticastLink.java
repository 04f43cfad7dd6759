package nightjar.mdns.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.tasks.SummarisedLog;
import nightjar.tasks.Threads;

/**
 * UDP port 5353 on 224.0.0.251 (IPv4 mDNS). The socket is bound with SO_REUSEADDR, as avahi-daemon's
 * is, so both receive every multicast datagram when avahi runs too (RFC 6762 §15). One receiving thread
 * hands each datagram to {@code receiver}.
 */
final class MulticastLink implements Network {
    static final InetAddress GROUP = groupAddress();
    private static final Logger LOG = LoggerFactory.getLogger(MulticastLink.class);
    /** RFC 6762 §17: a datagram has at most 9000 bytes. */
    private static final int MAX_DATAGRAM = 9000;

    private final MulticastSocket socket;
    private final Set<String> wanted;
    private final Map<String, NetworkInterface> joined = new HashMap<>();
    private final Thread receiving;
    private final SummarisedLog failures = new SummarisedLog("mDNS datagrams whose handling failed", System::nanoTime,
            LOG::warn);

    /** Binds port 5353 and starts receiving; {@code wanted} names the interfaces (empty: every suitable one). */
    MulticastLink(Set<String> wanted, BiConsumer<byte[], InetSocketAddress> receiver) throws IOException {
        this(mdnsSocket(), wanted, receiver);
    }

    /** For tests: receives on {@code socket} (bound already) instead of port 5353. */
    MulticastLink(MulticastSocket socket, Set<String> wanted, BiConsumer<byte[], InetSocketAddress> receiver) {
        this.wanted = Set.copyOf(wanted);
        this.socket = socket;
        receiving = Threads.thread("nightjar-mdns-receive", () -> receive(receiver));
        receiving.start();
    }

    private static MulticastSocket mdnsSocket() throws IOException {
        MulticastSocket socket = new MulticastSocket(null);
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(Responder.MDNS_PORT));
            socket.setTimeToLive(255); // RFC 6762 §11
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private void receive(BiConsumer<byte[], InetSocketAddress> receiver) {
        byte[] buffer = new byte[MAX_DATAGRAM];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.warn("mDNS: receiving stopped: {}", e.getMessage());
                }
                return;
            }
            byte[] datagram = new byte[packet.getLength()];
            System.arraycopy(packet.getData(), packet.getOffset(), datagram, 0, packet.getLength());
            InetSocketAddress source = (InetSocketAddress) packet.getSocketAddress();
            try {
                receiver.accept(datagram, source);
            } catch (RuntimeException e) {
                // A bug, or the scheduler stopping: this datagram is lost, the next ones are still received.
                failures.event("mDNS: handling a datagram from " + source.getAddress().getHostAddress() + " failed: " + e);
            }
        }
    }

    /**
     * The interfaces that are up, do multicast, are not loopback or point-to-point and have an IPv4
     * address (and are named in {@code wanted}, when it names any); joins the group on new ones.
     */
    @Override
    public List<LocalInterface> interfaces() throws SocketException {
        List<LocalInterface> found = new ArrayList<>();
        Map<String, NetworkInterface> seen = new HashMap<>();
        for (NetworkInterface network : NetworkInterface.networkInterfaces().toList()) {
            if (!network.isUp() || !network.supportsMulticast() || network.isLoopback() || network.isPointToPoint()
                    || (!wanted.isEmpty() && !wanted.contains(network.getName()))) {
                continue;
            }
            List<LocalInterface.Subnet> subnets = new ArrayList<>();
            for (InterfaceAddress address : network.getInterfaceAddresses()) {
                if (address.getAddress() instanceof Inet4Address ipv4) {
                    subnets.add(new LocalInterface.Subnet(ipv4, address.getNetworkPrefixLength()));
                }
            }
            if (subnets.isEmpty()) {
                continue;
            }
            seen.put(network.getName(), network);
            if (!joined.containsKey(network.getName())) {
                try {
                    socket.joinGroup(new InetSocketAddress(GROUP, 0), network);
                } catch (IOException e) {
                    LOG.warn("mDNS: cannot join the mDNS group on {}: {}", network.getName(), e.getMessage());
                    continue;
                }
            }
            found.add(new LocalInterface(network.getName(), subnets));
        }
        for (Map.Entry<String, NetworkInterface> gone : joined.entrySet()) {
            if (!seen.containsKey(gone.getKey())) {
                try {
                    socket.leaveGroup(new InetSocketAddress(GROUP, 0), gone.getValue());
                } catch (IOException e) {
                    LOG.debug("mDNS: leaving the group on {}: {}", gone.getKey(), e.getMessage());
                }
            }
        }
        joined.clear();
        found.forEach(local -> joined.put(local.name(), seen.get(local.name())));
        return found;
    }

    @Override
    public void multicast(byte[] message, LocalInterface via) throws IOException {
        NetworkInterface network = joined.get(via.name());
        if (network == null) {
            throw new IOException("not on " + via.name());
        }
        socket.setOption(StandardSocketOptions.IP_MULTICAST_IF, network);
        socket.send(new DatagramPacket(message, message.length, GROUP, Responder.MDNS_PORT));
    }

    @Override
    public void unicast(byte[] message, InetSocketAddress to) throws IOException {
        socket.send(new DatagramPacket(message, message.length, to));
    }

    @Override
    public void close() {
        socket.close();
        try {
            receiving.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static InetAddress groupAddress() {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) 224, 0, 0, (byte) 251});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
