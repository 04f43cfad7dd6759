package nightjar.onvif.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.tasks.SummarisedLog;
import nightjar.tasks.Threads;

/**
 * WS-Discovery on UDP {@value #PORT}: joins {@value #GROUP} on every interface that is up and can do
 * multicast (and on those that come up later: the list is read again every {@link #RESCAN}), answers a
 * Probe for a NetworkVideoTransmitter to its sender with our device service addresses as reached from
 * there, says Hello on each interface it joins and Bye when it stops. Only senders on the network of a
 * joined interface are answered, a few times a second each and {@value ProbeSenders#PER_SECOND} times all
 * together ({@link ProbeSenders}), so the appliance cannot be made to flood a network or anyone beyond
 * it; a datagram larger than {@value #MAX_DATAGRAM} bytes is not read.
 */
final class Discovery implements AutoCloseable {
    static final int PORT = 3702;
    static final String GROUP = "239.255.255.250";
    static final Duration RESCAN = Duration.ofSeconds(30);
    static final int MAX_DATAGRAM = 16 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);

    private final MulticastSocket socket;
    private final InetAddress group;
    private final DiscoveryMessages messages;
    /** The XAddrs for clients that reach us by this local address. */
    private final Function<InetAddress, String> xAddrs;
    private final Set<String> joined = new HashSet<>();
    private final Thread receiver;
    private final ScheduledThreadPoolExecutor scheduler = Threads.scheduler("nightjar-onvif-discovery-scan");
    private final ProbeSenders senders = new ProbeSenders(System::nanoTime);
    private final SummarisedLog failures = new SummarisedLog("ONVIF discovery datagrams that could not be answered",
            System::nanoTime, LOG::warn);

    private Discovery(MulticastSocket socket, DiscoveryMessages messages, Function<InetAddress, String> xAddrs)
            throws IOException {
        this.socket = socket;
        this.group = InetAddress.getByName(GROUP);
        this.messages = messages;
        this.xAddrs = xAddrs;
        this.receiver = Threads.thread("nightjar-onvif-discovery", this::receive);
    }

    static Discovery start(DiscoveryMessages messages, Function<InetAddress, String> xAddrs) throws IOException {
        Discovery discovery = listen(PORT, messages, xAddrs);
        discovery.scheduler.scheduleWithFixedDelay(discovery::joinInterfaces, 0, RESCAN.toSeconds(), TimeUnit.SECONDS);
        return discovery;
    }

    /**
     * Receives on the port without joining the group anywhere (so only unicast from this host is answered
     * until {@link #start} joins interfaces); tests use it on a port of their own.
     */
    static Discovery listen(int port, DiscoveryMessages messages, Function<InetAddress, String> xAddrs)
            throws IOException {
        MulticastSocket socket = new MulticastSocket(null);
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            socket.setTimeToLive(1);
            Discovery discovery = new Discovery(socket, messages, xAddrs);
            discovery.receiver.start();
            return discovery;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    int port() {
        return socket.getLocalPort();
    }

    /**
     * Joins the group on interfaces not joined yet, and says Hello there. An interface that went down or
     * away is forgotten, so it is joined again when it is back (a USB Wi-Fi adapter plugged in again).
     */
    private synchronized void joinInterfaces() {
        joined.removeIf(name -> {
            try {
                NetworkInterface network = NetworkInterface.getByName(name);
                return network == null || !network.isUp();
            } catch (SocketException e) {
                return true;
            }
        });
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                Inet4Address address = ipv4(network);
                if (joined.contains(network.getName()) || address == null || !network.isUp() || network.isLoopback()
                        || !network.supportsMulticast()) {
                    continue;
                }
                try {
                    socket.joinGroup(new InetSocketAddress(group, PORT), network);
                    joined.add(network.getName());
                    LOG.info("ONVIF discovery on {} ({})", network.getName(), address.getHostAddress());
                    send(messages.hello(xAddrs.apply(address)), new InetSocketAddress(group, PORT), network);
                } catch (IOException e) {
                    LOG.warn("ONVIF discovery cannot listen on {}: {}", network.getName(), e.getMessage());
                }
            }
        } catch (SocketException e) {
            LOG.warn("ONVIF discovery cannot list the network interfaces: {}", e.getMessage());
        }
        senders.subnets(subnetsOf(joined));
        failures.tick();
    }

    /** The subnets of these interfaces, as they are addressed now. */
    private static List<ProbeSenders.Subnet> subnetsOf(Set<String> names) {
        List<ProbeSenders.Subnet> subnets = new ArrayList<>();
        for (String name : names) {
            try {
                NetworkInterface network = NetworkInterface.getByName(name);
                if (network != null) {
                    network.getInterfaceAddresses().forEach(address -> subnets.add(
                            new ProbeSenders.Subnet(address.getAddress(), address.getNetworkPrefixLength())));
                }
            } catch (SocketException e) {
                // Gone meanwhile: the next scan forgets it.
            }
        }
        return subnets;
    }

    private void receive() {
        byte[] buffer = new byte[MAX_DATAGRAM + 1];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.warn("ONVIF discovery stopped receiving: {}", e.getMessage());
                }
                return;
            }
            try {
                answer(packet);
            } catch (RuntimeException e) {
                // Not expected (bad datagrams are ignored), but one datagram must not end discovery.
                failures.event("ONVIF discovery could not answer " + packet.getSocketAddress() + ": " + e);
            }
        }
    }

    private void answer(DatagramPacket packet) {
        if (packet.getLength() > MAX_DATAGRAM || !senders.mayAnswer(packet.getAddress())) {
            return;
        }
        SocketAddress sender = packet.getSocketAddress();
        InetAddress local = localAddressTowards(sender);
        if (local == null) {
            return;
        }
        String answer = messages.answer(Arrays.copyOf(packet.getData(), packet.getLength()), xAddrs.apply(local));
        if (answer != null) {
            try {
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(bytes, bytes.length, sender));
            } catch (IOException e) {
                LOG.debug("ONVIF discovery could not answer {}: {}", sender, e.getMessage());
            }
        }
    }

    /** The address of ours that the sender is reached from (found by routing, no packet is sent). */
    private static @org.jspecify.annotations.Nullable InetAddress localAddressTowards(SocketAddress sender) {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(sender);
            InetAddress local = probe.getLocalAddress();
            return local == null || local.isAnyLocalAddress() ? null : local;
        } catch (IOException e) {
            return null;
        }
    }

    private static @org.jspecify.annotations.Nullable Inet4Address ipv4(NetworkInterface network) {
        return network.inetAddresses().filter(Inet4Address.class::isInstance).map(Inet4Address.class::cast)
                .findFirst().orElse(null);
    }

    private void send(String message, InetSocketAddress target, NetworkInterface network) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        synchronized (socket) {
            socket.setNetworkInterface(network);
            socket.send(new DatagramPacket(bytes, bytes.length, target));
        }
    }

    /** Says Bye on every interface joined, then stops. */
    @Override
    public void close() {
        Threads.stopNow(scheduler, Duration.ofSeconds(5));
        synchronized (this) {
            for (String name : joined) {
                try {
                    NetworkInterface network = NetworkInterface.getByName(name);
                    if (network != null && network.isUp()) {
                        send(messages.bye(), new InetSocketAddress(group, PORT), network);
                    }
                } catch (IOException e) {
                    LOG.debug("ONVIF discovery could not say Bye on {}: {}", name, e.getMessage());
                }
            }
        }
        socket.close();
        try {
            receiver.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
