package nightjar.api.security;

import javax.net.ssl.SSLContext;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The appliance's TLS identity (its device certificate, or the user's own), for servers other than
 * HTTPS (RTSPS) to present the same certificate with the same protocols and cipher suites. Offered by
 * the security bundle.
 */
@ProviderType
public interface ServerTls {
    /** A server context with the certificate in force now; a replaced certificate gives a new one. */
    SSLContext serverContext();

    /** The protocols HTTPS allows (TLS 1.2 and 1.3), for {@code SSLParameters.setProtocols}. */
    String[] protocols();

    /** The cipher suites HTTPS allows, for {@code SSLParameters.setCipherSuites}. */
    String[] cipherSuites();
}
