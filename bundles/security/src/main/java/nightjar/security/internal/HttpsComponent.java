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
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
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
@Component(configurationPid = HttpsComponent.PID, service = HttpsComponent.class, immediate = true)
@Designate(ocd = HttpsComponent.Config.class)
public final class HttpsComponent {
    static final String PID = "nightjar.security";
    static final String JETTY_PID = "org.apache.felix.http";
    private static final Logger LOG = LoggerFactory.getLogger(HttpsComponent.class);

    @ObjectClassDefinition(name = "Nightjar security", description = "HTTPS for the web UI, the streams and the "
            + "web console. The device certificate is in data/tls/.")
    public @interface Config {
        @AttributeDefinition(name = "HTTPS port", min = "1", max = "65535")
        int httpsPort() default 8443;

        @AttributeDefinition(name = "Extra host names", description = "Names besides <host>, <host>.local and "
                + "localhost that the device certificate should carry (a new certificate is made when one is missing).")
        String[] hostNames() default {};

        @AttributeDefinition(name = "Plain HTTP port", description = "0: nothing listens for plain HTTP. Another "
                + "port: it only redirects to HTTPS (for people who type the address without https://).",
                min = "0", max = "65535")
        int httpPort() default 0;

        @AttributeDefinition(name = "Session idle timeout (minutes)", description = "A browser session ends after "
                + "this long without a request.", min = "1", max = "43200")
        int sessionIdleMinutes() default 30;

        @AttributeDefinition(name = "Session lifetime (hours)", description = "A browser session ends this long "
                + "after login, however much it is used.", min = "1", max = "720")
        int sessionMaxHours() default 12;

        /**
         * The property {@code .metricsToken}: a leading underscore maps to a dot (DS 112.8.2.1), and
         * properties whose names start with a dot are private, never published as service properties.
         */
        @AttributeDefinition(name = "Metrics token", type = AttributeType.PASSWORD, description = "A Prometheus "
                + "server may read /metrics with 'Authorization: Bearer <token>' (at least 20 characters); empty: "
                + "only admins may.")
        String _metricsToken() default "";
    }

    /** The name {@code metricsToken} had before it became private; a configuration that has it is moved over. */
    static final String OLD_METRICS_TOKEN = "metricsToken";
    static final String METRICS_TOKEN = ".metricsToken";

    private final BundleContext context;
    private final ConfigurationAdmin configurationAdmin;
    private volatile Config config;

    @Activate
    public HttpsComponent(BundleContext context, @Reference ConfigurationAdmin configurationAdmin, Config config)
            throws IOException, GeneralSecurityException {
        this.context = context;
        this.configurationAdmin = configurationAdmin;
        this.config = config;
        apply(config);
        movePrivateProperties(configurationAdmin);
    }

    @Modified
    void modified(Config config) throws IOException, GeneralSecurityException {
        this.config = config;
        apply(config);
        movePrivateProperties(configurationAdmin);
    }

    /**
     * Moves a {@code metricsToken} of an older configuration file to {@code .metricsToken}, once: the
     * update is written back to the file by {@code nightjar.config}, and from then on the token is no
     * service property of this bundle's services.
     */
    static void movePrivateProperties(ConfigurationAdmin configurationAdmin) {
        try {
            Configuration[] found = configurationAdmin.listConfigurations("(service.pid=" + PID + ")");
            Dictionary<String, Object> properties = found == null ? null : found[0].getProperties();
            if (properties == null || properties.get(OLD_METRICS_TOKEN) == null) {
                return;
            }
            Object token = properties.remove(OLD_METRICS_TOKEN);
            Object current = properties.get(METRICS_TOKEN);
            if (current == null || current.toString().isEmpty()) {
                properties.put(METRICS_TOKEN, token);
            }
            found[0].update(properties);
            LOG.info("Configuration {}: metricsToken is now .metricsToken (a private property)", PID);
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            LOG.warn("Could not move metricsToken of {} to .metricsToken: {}", PID, e.toString());
        }
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
