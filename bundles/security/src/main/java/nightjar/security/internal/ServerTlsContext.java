package nightjar.security.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

import nightjar.api.security.ServerTls;

/**
 * The certificate HTTPS serves (the uploaded one, else the device certificate), as an
 * {@link SSLContext} for other TLS servers (RTSPS), with HTTPS's protocols and cipher suites. The
 * context is made once per certificate: after an upload, a removal or a renewal the next call gives a
 * new one. No configuration, so no service properties besides the component's own.
 */
@Component(service = ServerTls.class, configurationPolicy = ConfigurationPolicy.IGNORE)
public final class ServerTlsContext implements ServerTls {
    private final HttpsComponent https;
    private volatile @Nullable Made made;

    private record Made(HttpsComponent.Served source, SSLContext context, String[] cipherSuites) {
    }

    @Activate
    public ServerTlsContext(@Reference HttpsComponent https) {
        this.https = https;
    }

    @Override
    public SSLContext serverContext() {
        return current().context();
    }

    @Override
    public String[] protocols() {
        return HttpsComponent.PROTOCOLS.toArray(String[]::new);
    }

    /** HTTPS's suites, in its order, less any this Java does not have (setting one would throw). */
    @Override
    public String[] cipherSuites() {
        return current().cipherSuites().clone();
    }

    private Made current() {
        HttpsComponent.Served source = https.served();
        Made known = made;
        if (known != null && known.source() == source) {
            return known;
        }
        synchronized (this) {
            known = made;
            if (known == null || known.source() != source) {
                known = make(source);
                made = known;
            }
            return known;
        }
    }

    private static Made make(HttpsComponent.Served source) {
        char[] password = source.password();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(source.keystore())) {
                store.load(in, password);
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getCipherSuites());
            String[] suites = source.cipherSuites().stream().filter(supported::contains).toArray(String[]::new);
            return new Made(source, context, suites);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the certificate HTTPS serves cannot be read: " + e.getMessage(), e);
        }
    }
}
