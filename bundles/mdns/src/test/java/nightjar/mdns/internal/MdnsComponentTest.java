package nightjar.mdns.internal;

import static nightjar.mdns.internal.DnsTesting.ipv4;
import static nightjar.mdns.internal.DnsTesting.parse;
import static nightjar.mdns.internal.DnsTesting.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

import nightjar.api.appliance.Appliance;
import nightjar.api.rtsp.RtspServer;

/**
 * The component with a fake network and a fake avahi, driven the way SCR drives it: the appliance's and
 * the RTSP server's registrations come, change and go, and what goes out on the network follows.
 */
class MdnsComponentTest {
    private static final Inet4Address ADDRESS = ipv4("10.0.0.5");
    private static final DnsName HTTPS_INSTANCE = DnsName.of("_https._tcp.local").prefixed("Nightjar pi");
    private static final DnsName RTSPS_INSTANCE = DnsName.of("_rtsps._tcp.local").prefixed("Nightjar pi");

    private final BlockingQueue<DnsMessage> sent = new LinkedBlockingQueue<>();
    private final FakeAppliance appliance = new FakeAppliance();
    private volatile HostNameOwner.Found avahi;
    private volatile boolean closed;
    private MdnsComponent component;

    private void start() {
        component = new MdnsComponent((interfaces, receiver) -> new Network() {
            @Override
            public List<LocalInterface> interfaces() {
                return List.of(new LocalInterface("eth0", List.of(new LocalInterface.Subnet(ADDRESS, 24))));
            }

            @Override
            public void multicast(byte[] message, LocalInterface via) throws java.io.IOException {
                sent.add(parse(message));
            }

            @Override
            public void unicast(byte[] message, InetSocketAddress to) {
                throw new AssertionError("nobody asked");
            }

            @Override
            public void close() {
                closed = true;
            }
        }, path -> addresses -> avahi);
        component.setAppliance(appliance);
        component.activate(Converters.standardConverter().convert(Map.of()).to(MdnsConfig.class));
    }

    @AfterEach
    void stop() {
        if (component != null) {
            component.deactivate();
        }
    }

    @Test
    void theWebUiIsAdvertisedAndFollowsItsPort() throws Exception {
        start();
        DnsRecord srv = next(r -> r.name().equals(HTTPS_INSTANCE) && r.type() == DnsRecord.SRV && r.ttl() > 0);
        assertEquals(8443, port(srv));
        assertEquals(DnsName.of("pi.local"), srv.target());

        appliance.port = 9443;
        component.updatedAppliance(appliance);
        assertEquals(9443, port(next(r -> r.name().equals(HTTPS_INSTANCE) && r.type() == DnsRecord.SRV && r.ttl() > 0)));
    }

    @Test
    void theRtspServerIsAdvertisedWhileThereIsOneOnItsCurrentPort() throws Exception {
        start();
        next(r -> r.name().equals(HTTPS_INSTANCE) && r.type() == DnsRecord.SRV);
        FakeRtsp rtsp = new FakeRtsp();

        component.setRtsp(rtsp, Map.of(RtspServer.TLS_PORT_PROPERTY, 8322));
        assertEquals(8322, port(next(r -> r.name().equals(RTSPS_INSTANCE) && r.type() == DnsRecord.SRV && r.ttl() > 0)));

        component.updatedRtsp(rtsp, Map.of(RtspServer.TLS_PORT_PROPERTY, 9322));
        assertEquals(9322, port(next(r -> r.name().equals(RTSPS_INSTANCE) && r.type() == DnsRecord.SRV && r.ttl() > 0)));

        component.unsetRtsp(rtsp, Map.of(RtspServer.TLS_PORT_PROPERTY, 9322));
        assertEquals(9322, port(next(r -> r.name().equals(RTSPS_INSTANCE) && r.type() == DnsRecord.SRV && r.ttl() == 0)),
                "a goodbye for the last port");
    }

    @Test
    void stoppingSaysGoodbyeThenClosesTheSocket() throws Exception {
        start();
        next(r -> r.name().equals(HTTPS_INSTANCE) && r.type() == DnsRecord.SRV);

        component.deactivate();
        component = null;

        DnsMessage last = null;
        for (DnsMessage message = sent.poll(); message != null; message = sent.poll()) {
            last = message;
        }
        assertNotNull(last);
        assertTrue(last.answers().stream().allMatch(r -> r.ttl() == 0), last.answers().toString());
        assertTrue(last.answers().stream().anyMatch(r -> r.type() == DnsRecord.A), "our host name's address too");
        assertTrue(closed);
    }

    @Test
    void besideAvahiTheServicesPointToItsNameWithNoAddressOfOurs() throws Exception {
        avahi = new HostNameOwner.Found(DnsName.of("pi-2.local"));
        start();
        DnsMessage first = sent.poll(10, TimeUnit.SECONDS);
        assertNotNull(first);
        assertTrue(first.answers().stream().noneMatch(r -> r.type() == DnsRecord.A), first.answers().toString());
        DnsRecord srv = first.answers().stream().filter(r -> r.type() == DnsRecord.SRV).findFirst().orElseThrow();
        assertEquals(DnsName.of("pi-2.local"), srv.target());
    }

    /** Waits for a datagram with such a record (a real thread sends them); fails after 10 s. */
    private DnsRecord next(Predicate<DnsRecord> wanted) throws InterruptedException {
        while (true) {
            DnsMessage message = sent.poll(10, TimeUnit.SECONDS);
            assertNotNull(message, "no such record was sent");
            for (DnsRecord record : message.answers()) {
                if (wanted.test(record)) {
                    return record;
                }
            }
        }
    }

    private static final class FakeAppliance implements Appliance {
        volatile int port = 8443;

        @Override
        public int httpsPort() {
            return port;
        }

        @Override
        public List<String> hostNames() {
            return List.of("pi", "pi.local", "localhost");
        }

        @Override
        public URI baseUrl() {
            return URI.create("https://pi:" + port + "/");
        }

        @Override
        public Path dataDirectory() {
            return Path.of("data");
        }

        @Override
        public Path homeDirectory() {
            return Path.of(".");
        }
    }

    private static final class FakeRtsp implements RtspServer {
        @Override
        public OptionalInt tlsPort() {
            return OptionalInt.empty();
        }

        @Override
        public OptionalInt plainPort() {
            return OptionalInt.empty();
        }
    }
}
