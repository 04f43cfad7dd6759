package nightjar.mqtt.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import org.jspecify.annotations.Nullable;

/** The TLS socket factory for an {@code ssl://} broker, from PEM files (the form Mosquitto users have). */
final class Tls {
    private Tls() {
    }

    /**
     * @param caFile the authority that signed the broker's certificate, or null for the runtime's own
     * @param certFile the client certificate, or null for none
     * @param keyFile the client certificate's PKCS#8 key
     */
    static SSLSocketFactory socketFactory(@Nullable Path caFile, @Nullable Path certFile, @Nullable Path keyFile)
            throws IOException, GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (caFile == null) {
            trust.init((KeyStore) null);
        } else {
            KeyStore authorities = KeyStore.getInstance("PKCS12");
            authorities.load(null, null);
            int n = 0;
            for (Certificate certificate : certificates(caFile)) {
                authorities.setCertificateEntry("ca" + n++, certificate);
            }
            if (n == 0) {
                throw new GeneralSecurityException(caFile + " holds no certificate");
            }
            trust.init(authorities);
        }
        KeyManagerFactory keys = null;
        if (certFile != null) {
            KeyStore own = KeyStore.getInstance("PKCS12");
            own.load(null, null);
            char[] none = new char[0];
            if (keyFile == null) {
                throw new GeneralSecurityException("a client certificate needs its key (clientKeyFile)");
            }
            own.setKeyEntry("client", privateKey(keyFile), none,
                    certificates(certFile).toArray(Certificate[]::new));
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(own, none);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    private static Collection<? extends Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
    }

    private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new GeneralSecurityException(file + " is not an unencrypted PKCS#8 key (BEGIN PRIVATE KEY); "
                    + "convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out " + file.getFileName());
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        GeneralSecurityException last = null;
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                last = notThisOne;
            }
        }
        throw new GeneralSecurityException(file + ": not an RSA, EC or Ed25519 key", last);
    }
}
