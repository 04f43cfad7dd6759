package nightjar.camera.internal;

import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import org.jspecify.annotations.Nullable;

/**
 * A remote camera's certificate checks, done on the certificate the server presents and nothing else: the
 * pinned fingerprint ({@link #pinned}), or only noting the certificate to show its fingerprint ({@link #recorder}).
 * Never a client's trust: these connect to cameras only.
 */
abstract sealed class ServerCertificates extends X509ExtendedTrustManager {
    /** Trusts exactly the certificate whose SHA-256 fingerprint was configured ({@code trustFingerprint}). */
    static ServerCertificates pinned(byte[] sha256) {
        return new Pinned(sha256);
    }

    /** Trusts nothing, but remembers the first certificate it was shown. */
    static Recorder recorder() {
        return new Recorder();
    }

    /** The SHA-256 fingerprint as the log and messages show it, {@code AB:CD:...}. */
    static String fingerprint(X509Certificate certificate) throws CertificateException {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new CertificateException(e);
        }
    }

    /** Accepts the server's chain or throws. */
    abstract void checkServer(X509Certificate[] chain) throws CertificateException;

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain.length == 0) {
            throw new CertificateException("the server sent no certificate");
        }
        checkServer(chain);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("not a server");
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("not a server");
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("not a server");
    }

    @Override
    public final X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    private static final class Pinned extends ServerCertificates {
        private final byte[] sha256;

        Pinned(byte[] sha256) {
            this.sha256 = sha256.clone();
        }

        @Override
        void checkServer(X509Certificate[] chain) throws CertificateException {
            byte[] actual;
            try {
                actual = MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded());
            } catch (NoSuchAlgorithmException e) {
                throw new CertificateException(e);
            }
            if (!MessageDigest.isEqual(actual, sha256)) {
                throw new CertificateException("server certificate fingerprint " + fingerprint(chain[0])
                        + " does not match the configured trustFingerprint");
            }
        }
    }

    static final class Recorder extends ServerCertificates {
        private volatile @Nullable X509Certificate first;

        @Override
        void checkServer(X509Certificate[] chain) throws CertificateException {
            first = chain[0];
            throw new CertificateException("only recorded");
        }

        /** The certificate the server presented, or null when none was seen. */
        @Nullable
        X509Certificate first() {
            return first;
        }
    }
}
