package nightjar.api.appliance;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where the appliance is reached and where it keeps its state, offered by the security bundle, which
 * serves HTTPS. No bundle reads another's configuration or the framework properties for these: they
 * ask this service. The registration's {@value #HTTPS_PORT_PROPERTY} follows the port, so a reference's
 * {@code updated} method learns of a change.
 */
@ProviderType
public interface Appliance {
    /** Service property: the HTTPS port now served (Integer). */
    String HTTPS_PORT_PROPERTY = "https.port";

    /** The port HTTPS is served on now (the configured one, or the one kept when that cannot be used). */
    int httpsPort();

    /** The names the appliance answers to, as its certificate carries them: this host's first. */
    List<String> hostNames();

    /** The address of the appliance for people and other systems: {@code https://<host name>:<port>/}. */
    URI baseUrl();

    /** The directory where Nightjar keeps its state (accounts, certificate, device id); bundles use a folder of it. */
    Path dataDirectory();

    /**
     * The directory Nightjar runs from, against which relative paths in configurations are resolved
     * (e.g. the recordings directory).
     */
    Path homeDirectory();
}
