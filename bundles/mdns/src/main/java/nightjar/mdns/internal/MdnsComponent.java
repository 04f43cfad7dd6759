package nightjar.mdns.internal;

import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.appliance.Appliance;
import nightjar.api.rtsp.RtspServer;
import nightjar.tasks.SchedulerClock;
import nightjar.tasks.TaskClock;
import nightjar.tasks.Threads;

/**
 * Advertises the appliance over mDNS/DNS-SD: HTTPS from the {@link Appliance}, RTSPS and RTSP from the
 * {@link RtspServer} while there is one, following their ports. Every 30 s it looks again at the
 * network interfaces and at avahi-daemon, which takes over the host name while it runs.
 */
@Component(configurationPid = "nightjar.mdns", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = MdnsConfig.class)
public class MdnsComponent {
    static final Duration LOOK_AGAIN = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(MdnsComponent.class);

    private final Network.Opener networks;
    private final Function<Path, HostNameOwner> owners;

    private volatile @Nullable Appliance appliance;
    private volatile @Nullable RtspServer rtspServer;
    private volatile @Nullable Map<String, Object> rtsp;
    private @Nullable MdnsSettings settings;
    private @Nullable ScheduledExecutorService executor;
    private @Nullable TaskClock clock;
    // On the clock's thread only:
    private @Nullable Network link;
    private @Nullable Responder responder;
    private @Nullable HostNameOwner owner;
    private String said = "";
    private boolean warnedPort;

    public MdnsComponent() {
        this(MulticastLink::new, AvahiSocket::new);
    }

    /** For tests: another network than UDP 5353, another avahi than the socket's. */
    MdnsComponent(Network.Opener networks, Function<Path, HostNameOwner> owners) {
        this.networks = networks;
        this.owners = owners;
    }

    @Activate
    void activate(MdnsConfig config) {
        MdnsSettings checked = MdnsSettings.of(config);
        settings = checked;
        if (!checked.enabled()) {
            LOG.info("mDNS is off (nightjar.mdns: enabled = false)");
            return;
        }
        ScheduledExecutorService scheduler = Threads.scheduler("nightjar-mdns");
        TaskClock schedulerClock = new SchedulerClock(scheduler, Clock.systemUTC());
        executor = scheduler;
        clock = schedulerClock;
        owner = owners.apply(checked.avahiSocket());
        schedulerClock.execute(this::lookAgain);
    }

    @Deactivate
    void deactivate() {
        ScheduledExecutorService scheduler = executor;
        if (scheduler == null) {
            return;
        }
        // Waited for before the scheduler stops: stopping drops the tasks still queued, goodbyes too.
        Future<?> goodbyes = scheduler.submit(() -> {
            Responder current = responder;
            Network open = link;
            if (current != null) {
                current.advertise(null, List.of());
            }
            if (open != null) {
                open.close();
            }
            link = null;
        });
        try {
            goodbyes.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("mDNS: could not say goodbye: {}", e.toString());
        }
        Threads.stop(scheduler, Duration.ofSeconds(3));
        executor = null;
        clock = null;
    }

    @Reference(updated = "updatedAppliance")
    void setAppliance(Appliance service) {
        appliance = service;
    }

    void updatedAppliance(Appliance service) {
        soon();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, updated = "updatedRtsp")
    void setRtsp(RtspServer server, Map<String, Object> properties) {
        rtspServer = server;
        rtsp = Map.copyOf(properties);
        soon();
    }

    void updatedRtsp(RtspServer server, Map<String, Object> properties) {
        setRtsp(server, properties);
    }

    void unsetRtsp(RtspServer server, Map<String, Object> properties) {
        if (rtspServer == server) {
            rtspServer = null;
            rtsp = null;
        }
        soon();
    }

    private void soon() {
        TaskClock taskClock = clock;
        if (taskClock != null) {
            taskClock.execute(this::refresh);
        }
    }

    /** The periodic look: interfaces, avahi, and the socket if it could not be had before. */
    private void lookAgain() {
        refresh();
        TaskClock taskClock = clock;
        if (taskClock != null) {
            taskClock.schedule(LOOK_AGAIN, this::lookAgain);
        }
    }

    private void refresh() {
        MdnsSettings checked = settings;
        Appliance service = appliance;
        TaskClock taskClock = clock;
        if (checked == null || service == null || taskClock == null || !open(checked, taskClock)) {
            return;
        }
        Network open = Objects.requireNonNull(link);
        Responder current = Objects.requireNonNull(responder);
        List<LocalInterface> interfaces;
        try {
            interfaces = open.interfaces();
        } catch (IOException e) {
            LOG.warn("mDNS: cannot list the network interfaces: {}", e.getMessage());
            return;
        }
        List<Inet4Address> addresses = interfaces.stream().flatMap(i -> i.addresses().stream()).toList();
        HostNameOwner other = owner;
        HostNameOwner.Found found = other == null || checked.hostName() == HostNameMode.PUBLISH
                ? null : other.find(addresses);
        Map<String, Object> rtspProperties = rtsp;
        Advertisement next = checked.advertisement(MdnsSettings.hostLabel(service.hostNames()), service.httpsPort(),
                port(rtspProperties, RtspServer.TLS_PORT_PROPERTY), port(rtspProperties, RtspServer.PLAIN_PORT_PROPERTY),
                found);
        current.advertise(next, interfaces);
        tell(Objects.requireNonNull(current.current()), interfaces, found != null);
    }

    /** One line when what is advertised changes, not every 30 s. */
    private void tell(Advertisement advertised, List<LocalInterface> interfaces, boolean avahi) {
        String services = advertised.services().stream().map(s -> s.type() + " " + s.port()).toList().toString();
        String line = "\"" + advertised.instance() + "\" " + services + " on " + advertised.host() + " ("
                + (advertised.ownsHost() ? "published by Nightjar" : avahi ? "published by avahi-daemon" : "not published here")
                + "), interfaces " + interfaces.stream().map(LocalInterface::name).toList();
        if (!line.equals(said)) {
            said = line;
            LOG.info("mDNS: advertising {}", line);
        }
    }

    private boolean open(MdnsSettings checked, TaskClock taskClock) {
        if (link != null) {
            return true;
        }
        try {
            Network opened = networks.open(checked.interfaces(),
                    new DatagramHandoff(taskClock, this::received, System::nanoTime, LOG::warn));
            link = opened;
            responder = new Responder(opened, taskClock);
            return true;
        } catch (IOException e) {
            if (!warnedPort) {
                LOG.warn("mDNS: cannot use UDP port 5353 ({}); trying again every {} s", e.getMessage(),
                        LOOK_AGAIN.toSeconds());
                warnedPort = true;
            }
            return false;
        }
    }

    private void received(byte[] datagram, java.net.InetSocketAddress source) {
        Responder current = responder;
        if (current != null && link != null) {
            current.received(datagram, source);
        }
    }

    private static OptionalInt port(@Nullable Map<String, Object> properties, String key) {
        Object value = properties == null ? null : properties.get(key);
        return value instanceof Integer port && port > 0 && port < 65536 ? OptionalInt.of(port) : OptionalInt.empty();
    }
}
