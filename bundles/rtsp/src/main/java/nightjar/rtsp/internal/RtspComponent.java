package nightjar.rtsp.internal;

import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import nightjar.api.camera.Camera;
import nightjar.api.rtsp.RtspServer;
import nightjar.api.security.DeviceCredential;
import nightjar.api.security.PasswordCheck;
import nightjar.api.security.ServerTls;
import nightjar.api.security.UserDirectory;
import nightjar.tasks.Threads;

/**
 * The RTSP(S) server as a component: binds its ports on activation (a new configuration restarts it),
 * and registers {@link RtspServer} itself, with the ports actually served as service properties. The
 * security services are optional and dynamic: a login waits for none of them, it is refused (503) while
 * the one it needs is missing.
 */
@Component(configurationPid = "nightjar.rtsp", configurationPolicy = ConfigurationPolicy.OPTIONAL, service = {})
@Designate(ocd = RtspConfig.class)
public final class RtspComponent implements RtspServer {
    private final Map<String, Camera> cameras = new ConcurrentHashMap<>();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile @Nullable PasswordCheck passwordCheck;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile @Nullable DeviceCredential deviceCredential;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile @Nullable ServerTls serverTls;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile @Nullable UserDirectory userDirectory;
    private @Nullable RtspService service;
    private @Nullable ScheduledExecutorService sweeper;
    private @Nullable ServiceRegistration<RtspServer> registration;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCamera(Camera camera) {
        cameras.put(camera.id(), camera);
    }

    void removeCamera(Camera camera) {
        if (cameras.remove(camera.id(), camera)) {
            RtspService running = service;
            if (running != null) {
                running.cameraGone(camera.id());
            }
        }
    }

    @Activate
    void activate(BundleContext context, RtspConfig config) {
        RtspSettings settings = RtspSettings.of(config);
        RtspService started = new RtspService(settings, cameras::get, () -> passwordCheck, () -> deviceCredential,
                () -> userDirectory, () -> serverTls, System::nanoTime);
        started.start();
        ScheduledExecutorService sweeping = Threads.scheduler("nightjar-rtsp-sweep");
        sweeping.scheduleWithFixedDelay(started::sweep, 1, 1, TimeUnit.SECONDS);
        service = started;
        sweeper = sweeping;
        Hashtable<String, Object> properties = new Hashtable<>();
        if (started.tlsPort() != 0) {
            properties.put(TLS_PORT_PROPERTY, started.tlsPort());
        }
        if (started.plainPort() != 0) {
            properties.put(PLAIN_PORT_PROPERTY, started.plainPort());
        }
        registration = context.registerService(RtspServer.class, this, properties);
    }

    @Deactivate
    void deactivate() {
        ServiceRegistration<RtspServer> registered = registration;
        registration = null;
        if (registered != null) {
            try {
                registered.unregister();
            } catch (IllegalStateException alreadyGone) {
                // The bundle is stopping.
            }
        }
        ScheduledExecutorService sweeping = sweeper;
        sweeper = null;
        if (sweeping != null) {
            Threads.stopNow(sweeping, Duration.ofSeconds(5));
        }
        RtspService running = service;
        service = null;
        if (running != null) {
            running.stop();
        }
    }

    @Override
    public OptionalInt tlsPort() {
        RtspService running = service;
        return running == null || running.tlsPort() == 0 ? OptionalInt.empty() : OptionalInt.of(running.tlsPort());
    }

    @Override
    public OptionalInt plainPort() {
        RtspService running = service;
        return running == null || running.plainPort() == 0 ? OptionalInt.empty() : OptionalInt.of(running.plainPort());
    }
}
