package nightjar.security.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.nio.file.Path;

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

/**
 * Makes sure the device certificate exists and points the HTTP service (Felix Jetty, PID
 * {@value #JETTY_PID}) at it, or at the user's own certificate when one was uploaded
 * ({@link OwnCertificate}): HTTPS only, TLS 1.2 and 1.3, AEAD suites with ChaCha20 first on CPUs
 * without AES instructions. The Jetty configuration is written only when it differs, since every
 * change restarts the server.
 */
// No DS service: DS would publish the configuration, the metrics token included, as service properties.
// The service is registered by hand, without properties (docs/decisions.md).
@Component(configurationPid = HttpsComponent.PID, service = {}, immediate = true)
@Designate(ocd = HttpsComponent.Config.class)
public final class HttpsComponent {
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
    private volatile Config config;
    private final ServiceRegistration<HttpsComponent> registration;

    @Activate
    public HttpsComponent(BundleContext context, @Reference ConfigurationAdmin configurationAdmin, Config config)
            throws IOException, GeneralSecurityException {
        this.context = context;
        this.configurationAdmin = configurationAdmin;
        this.config = config;
        apply(config);
        registration = context.registerService(HttpsComponent.class, this, null);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }

    @Modified
    void modified(Config config) throws IOException, GeneralSecurityException {
        this.config = config;
        apply(config);
    }

    Path tlsDirectory() {
        return DataDirectory.of(context).resolve("tls");
    }

    int httpsPort() {
        return config.httpsPort();
    }

    /** The names the device certificate carries: this host, {@code <host>.local}, localhost and {@code hostNames}. */
    List<String> hostNames() {
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
        if (config.httpsPort() < 1 || config.httpsPort() > 65535) {
            throw new IllegalArgumentException("httpsPort must be between 1 and 65535, was " + config.httpsPort());
        }
        if (config.httpPort() < 0 || config.httpPort() > 65535 || config.httpPort() == config.httpsPort()) {
            throw new IllegalArgumentException("httpPort must be 0 (off) or a port other than httpsPort, was "
                    + config.httpPort());
        }
        DeviceCertificate certificate = DeviceCertificate.ensure(tlsDirectory(), List.of(config.hostNames()));
        LOG.info("Device certificate SHA-256 fingerprint {}", certificate.fingerprint());
        Optional<OwnCertificate.Installed> own = OwnCertificate.load(tlsDirectory());
        own.ifPresent(o -> LOG.info("Serving the uploaded certificate of {}", o.certificate().getSubjectX500Principal()));
        boolean aes = CipherSuites.hasAesInstructions(Path.of("/proc/cpuinfo"));
        Map<String, Object> wanted = own.isPresent()
                ? jettyProperties(own.get().keystore(), own.get().password(), config.httpsPort(), aes)
                : jettyProperties(certificate.keystore(), certificate.password(), config.httpsPort(), aes);
        wanted = new java.util.HashMap<>(wanted);
        wanted.put("org.apache.felix.http.enable", config.httpPort() > 0);
        if (config.httpPort() > 0) {
            wanted.put("org.osgi.service.http.port", config.httpPort());
        }
        Configuration jetty = configurationAdmin.getConfiguration(JETTY_PID, "?");
        Dictionary<String, Object> current = jetty.getProperties();
        if (current != null && wanted.entrySet().stream()
                .allMatch(e -> Objects.equals(String.valueOf(e.getValue()), String.valueOf(current.get(e.getKey()))))) {
            return;
        }
        jetty.update(new Hashtable<>(wanted));
        LOG.info("HTTPS on port {}", config.httpsPort());
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
                Map.entry("org.apache.felix.https.jetty.protocols.included", "TLSv1.3,TLSv1.2"),
                Map.entry("org.apache.felix.https.jetty.ciphersuites.included", String.join(",", CipherSuites.preferred(aes))),
                // Compressing JPEG gains nothing and would hold back streamed frames.
                Map.entry("org.apache.felix.jetty.gziphandler.enable", false));
    }
}
