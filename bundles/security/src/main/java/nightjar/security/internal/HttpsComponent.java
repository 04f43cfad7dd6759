package nightjar.security.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.ServerSocket;
import java.security.GeneralSecurityException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.appliance.Appliance;

/**
 * Makes sure the device certificate exists and points the HTTP service (Felix Jetty, PID
 * {@value #JETTY_PID}) at it, or at the user's own certificate when one was uploaded
 * ({@link OwnCertificate}): HTTPS only, TLS 1.2 and 1.3, AEAD suites with ChaCha20 first on CPUs
 * without AES instructions. The Jetty configuration is written only when it differs, since every
 * change restarts the server.
 */
// No DS service: DS would publish the configuration, the metrics token included, as service properties.
// The service (also the Appliance) is registered by hand, with the HTTPS port only (docs/decisions.md).
@Component(configurationPid = HttpsComponent.PID, service = {}, immediate = true)
@Designate(ocd = HttpsComponent.Config.class)
public final class HttpsComponent implements Appliance {
    static final String PID = "nightjar.security";
    static final String JETTY_PID = "org.apache.felix.http";
    private static final Logger LOG = LoggerFactory.getLogger(HttpsComponent.class);

    @ObjectClassDefinition(name = "Nightjar security", description = "HTTPS for the web UI, the streams and the "
            + "web console. The device certificate is in data/tls/.")
    public @interface Config {
        @AttributeDefinition(name = "HTTPS port", description = "1024 to 65535: below 1024 a service that does not "
                + "run as root cannot listen.", min = "1024", max = "65535")
        int httpsPort() default 8443;

        @AttributeDefinition(name = "Extra host names", description = "Names besides <host>, <host>.local and "
                + "localhost that the device certificate should carry (a new certificate is made when one is missing).")
        String[] hostNames() default {};

        @AttributeDefinition(name = "Plain HTTP port", description = "0: nothing listens for plain HTTP. Another "
                + "port (1024 to 65535): it only redirects to HTTPS (for people who type the address without https://).",
                min = "0", max = "65535")
        int httpPort() default 0;

        @AttributeDefinition(name = "Session idle timeout (minutes)", description = "A browser session ends after "
                + "this long without a request.", min = "1", max = "1440")
        int sessionIdleMinutes() default 30;

        @AttributeDefinition(name = "Session lifetime (hours)", description = "A browser session ends this long "
                + "after login, however much it is used.", min = "1", max = "720")
        int sessionMaxHours() default 12;

        @AttributeDefinition(name = "Metrics token", type = AttributeType.PASSWORD, description = "A Prometheus "
                + "server may read /metrics with 'Authorization: Bearer <token>' (at least 20 characters); empty: "
                + "only admins may.")
        String metricsToken() default "";
    }

    private final BundleContext context;
    private final ConfigurationAdmin configurationAdmin;
    static final int DEFAULT_HTTPS_PORT = 8443;
    /** The TLS versions HTTPS allows, newest first; other TLS servers take the same ({@link ServerTlsContext}). */
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private volatile Config config;
    private volatile @Nullable Served served;
    private volatile Ports ports = new Ports(DEFAULT_HTTPS_PORT, 0, List.of());
    private volatile @Nullable DeviceCertificate deviceCertificate;
    private final ServiceRegistration<?> registration;

    @Activate
    public HttpsComponent(BundleContext context, @Reference ConfigurationAdmin configurationAdmin, Config config)
            throws IOException, GeneralSecurityException {
        this.context = context;
        this.configurationAdmin = configurationAdmin;
        this.config = config;
        apply(config);
        registration = context.registerService(new String[] {HttpsComponent.class.getName(), Appliance.class.getName()},
                this, serviceProperties());
    }

    /** Only the port: the configuration holds the metrics token. */
    private Dictionary<String, Object> serviceProperties() {
        return new Hashtable<>(Map.of(Appliance.HTTPS_PORT_PROPERTY, httpsPort()));
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }

    @Modified
    void modified(Config config) throws IOException, GeneralSecurityException {
        this.config = config;
        apply(config);
        // Consumers (MQTT's discovery documents) learn of a new port or new names.
        registration.setProperties(serviceProperties());
    }

    Path tlsDirectory() {
        return dataDirectory().resolve("tls");
    }

    @Override
    public URI baseUrl() {
        return URI.create("https://" + hostNames().get(0) + ":" + httpsPort() + "/");
    }

    @Override
    public Path dataDirectory() {
        return DataDirectory.of(context);
    }

    @Override
    public Path homeDirectory() {
        return DataDirectory.home(context);
    }

    /** The port HTTPS is served on: the configured one, or the one kept when that cannot be used. */
    @Override
    public int httpsPort() {
        return ports.https();
    }

    /** The device certificate as HTTPS last took it (made anew only there, with the configured names). */
    DeviceCertificate deviceCertificate() {
        DeviceCertificate certificate = deviceCertificate;
        if (certificate == null) {
            throw new IllegalStateException("HTTPS is not set up yet");
        }
        return certificate;
    }

    /**
     * The keystore HTTPS serves (the uploaded certificate's, else the device certificate's) with the
     * cipher suites it allows, as last applied: a new value after every change, so a holder can tell.
     */
    record Served(Path keystore, char[] password, List<String> cipherSuites) {
        @Override
        public String toString() {
            return "Served[" + keystore + "]"; // never the keystore's password
        }
    }

    Served served() {
        Served now = served;
        if (now == null) {
            throw new IllegalStateException("HTTPS is not set up yet");
        }
        return now;
    }

    /** The names the device certificate carries: this host, {@code <host>.local}, localhost and {@code hostNames}. */
    @Override
    public List<String> hostNames() {
        List<String> names = new java.util.ArrayList<>(List.of(DeviceCertificate.localHostName(),
                DeviceCertificate.localHostName() + ".local", "localhost"));
        names.addAll(List.of(config.hostNames()));
        return names;
    }

    /** Points Jetty at the certificate now installed (after an upload or removal). */
    synchronized void reload() throws IOException, GeneralSecurityException {
        apply(config);
    }

    private synchronized void apply(Config config) throws IOException, GeneralSecurityException {
        Configuration jetty = configurationAdmin.getConfiguration(JETTY_PID, "?");
        Dictionary<String, Object> current = jetty.getProperties();
        Object servedPort = current == null ? null : current.get("org.osgi.service.http.port.secure");
        ports = Ports.choose(config, servedPort instanceof Integer served ? served : DEFAULT_HTTPS_PORT,
                HttpsComponent::bindable);
        ports.problems().forEach(problem -> LOG.error("{}", problem));
        DeviceCertificate certificate = DeviceCertificate.ensure(tlsDirectory(), List.of(config.hostNames()));
        deviceCertificate = certificate;
        LOG.info("Device certificate SHA-256 fingerprint {}", certificate.fingerprint());
        Optional<OwnCertificate.Installed> own = OwnCertificate.load(tlsDirectory());
        own.ifPresent(o -> LOG.info("Serving the uploaded certificate of {}", o.certificate().getSubjectX500Principal()));
        boolean aes = CipherSuites.hasAesInstructions(Path.of("/proc/cpuinfo"));
        served = own.isPresent() ? new Served(own.get().keystore(), own.get().password(), CipherSuites.preferred(aes))
                : new Served(certificate.keystore(), certificate.password(), CipherSuites.preferred(aes));
        Map<String, Object> wanted = own.isPresent()
                ? jettyProperties(own.get().keystore(), own.get().password(), ports.https(), aes)
                : jettyProperties(certificate.keystore(), certificate.password(), ports.https(), aes);
        wanted = new java.util.HashMap<>(wanted);
        wanted.put("org.apache.felix.http.enable", ports.http() > 0);
        if (ports.http() > 0) {
            wanted.put("org.osgi.service.http.port", ports.http());
        }
        if (current != null && wanted.entrySet().stream()
                .allMatch(e -> Objects.equals(String.valueOf(e.getValue()), String.valueOf(current.get(e.getKey()))))) {
            return;
        }
        jetty.update(new Hashtable<>(wanted));
        LOG.info("HTTPS on port {}", ports.https());
    }

    /**
     * The ports to serve on. A configured port that is not a port, or that cannot be listened on (taken
     * by another program, or below 1024 without the right), is not used: HTTPS stays where it is served
     * (at a first start, on {@value #DEFAULT_HTTPS_PORT}), so the appliance stays reachable to fix it,
     * and the plain HTTP redirect is off; each such problem is one line for the log.
     */
    record Ports(int https, int http, List<String> problems) {
        static Ports choose(Config config, int served, IntPredicate bindable) {
            List<String> problems = new java.util.ArrayList<>();
            int https = config.httpsPort();
            if (https < 1 || https > 65535) {
                problems.add("httpsPort = " + https + " is not a port (1 to 65535): HTTPS stays on port " + served
                        + " until it is fixed");
                https = served;
            } else if (https != served && !bindable.test(https)) {
                problems.add("httpsPort = " + https + " cannot be listened on (in use by another program, or below "
                        + "1024 without the right): HTTPS stays on port " + served + " until it is fixed");
                https = served;
            }
            int http = config.httpPort();
            if (http != 0 && (http < 1 || http > 65535 || http == https)) {
                problems.add("httpPort = " + http + " must be 0 (off) or a port other than HTTPS's " + https
                        + ": the plain HTTP redirect is off until it is fixed");
                http = 0;
            }
            return new Ports(https, http, List.copyOf(problems));
        }
    }

    /** Whether this process could listen on the port now (on every address, as Jetty does). */
    static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static Map<String, Object> jettyProperties(Path keystore, char[] keystorePassword, int port, boolean aes) {
        String password = new String(keystorePassword);
        return Map.ofEntries(
                Map.entry("org.apache.felix.http.enable", false),
                Map.entry("org.apache.felix.https.enable", true),
                Map.entry("org.osgi.service.http.port.secure", port),
                Map.entry("org.apache.felix.https.keystore", keystore.toAbsolutePath().toString()),
                Map.entry("org.apache.felix.https.keystore.type", "PKCS12"),
                Map.entry("org.apache.felix.https.keystore.password", password),
                Map.entry("org.apache.felix.https.keystore.key.password", password),
                Map.entry("org.apache.felix.https.jetty.protocols.included", String.join(",", PROTOCOLS)),
                Map.entry("org.apache.felix.https.jetty.ciphersuites.included", String.join(",", CipherSuites.preferred(aes))),
                // Compressing JPEG gains nothing and would hold back streamed frames.
                Map.entry("org.apache.felix.jetty.gziphandler.enable", false));
    }
}
