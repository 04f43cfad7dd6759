package nightjar.security.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

class ServerTlsContextTest {
    @TempDir
    Path data;
    private final ExecutorService server = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-tls-server"));
    private HttpsComponent https;
    private ServerTlsContext tls;

    @BeforeEach
    void setUp() throws Exception {
        https = new HttpsComponent(proxy(BundleContext.class, (method, args) -> switch (method) {
            case "getProperty" -> DataDirectory.PROPERTY.equals(args[0]) ? data.toString() : null;
            case "registerService" -> proxy(ServiceRegistration.class, (m, a) -> null);
            default -> null;
        }), proxy(ConfigurationAdmin.class, (method, args) -> proxy(Configuration.class, (m, a) -> null)),
                proxy(HttpsComponent.Config.class, null));
        tls = new ServerTlsContext(https);
    }

    @AfterEach
    void tearDown() throws Exception {
        server.shutdownNow();
        assertTrue(server.awaitTermination(10, TimeUnit.SECONDS));
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    /** A proxy answering each call by name; null answers give an annotation's defaults. */
    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (answer == null) {
                return method.getDefaultValue();
            }
            Object result = answer.answer(method.getName(), args);
            return result == null && method.getReturnType() == boolean.class ? false : result;
        });
    }

    /** A client trusting only this certificate, which checks that it names localhost as a browser would. */
    private static SSLContext trusting(Certificate certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("appliance", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** Serves one handshake with {@link ServerTls}'s context and parameters; the client's view of it. */
    private SSLSocket handshake(SSLContext client) throws Exception {
        SSLServerSocket listening = (SSLServerSocket) tls.serverContext().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        SSLParameters parameters = listening.getSSLParameters();
        parameters.setProtocols(tls.protocols());
        parameters.setCipherSuites(tls.cipherSuites());
        parameters.setUseCipherSuitesOrder(true);
        listening.setSSLParameters(parameters);
        Future<?> served = server.submit(() -> {
            try (listening; SSLSocket accepted = (SSLSocket) listening.accept()) {
                accepted.startHandshake();
                accepted.getOutputStream().write(42);
                accepted.getOutputStream().flush();
                accepted.getInputStream().read();
            }
            return null;
        });
        Socket plain = new Socket(InetAddress.getLoopbackAddress(), listening.getLocalPort());
        SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(plain, "localhost",
                listening.getLocalPort(), true);
        SSLParameters identify = socket.getSSLParameters();
        identify.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(identify);
        try {
            socket.startHandshake();
            assertEquals(42, socket.getInputStream().read());
            socket.getOutputStream().write(1);
            served.get(10, TimeUnit.SECONDS);
        } finally {
            socket.close();
            served.cancel(true);
        }
        return socket;
    }

    private X509Certificate deviceCrt() throws Exception {
        try (InputStream in = Files.newInputStream(https.tlsDirectory().resolve(DeviceCertificate.CERTIFICATE_FILE))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void aClientTrustingTheDeviceCertificateCompletesAHandshakeWithHttpsProtocolsAndSuites() throws Exception {
        SSLSocket client = handshake(trusting(deviceCrt()));
        assertEquals(deviceCrt(), client.getSession().getPeerCertificates()[0]);
        assertTrue(List.of(tls.protocols()).contains(client.getSession().getProtocol()));
        assertTrue(List.of(tls.cipherSuites()).contains(client.getSession().getCipherSuite()));
        assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, tls.protocols());
        assertTrue(List.of(tls.cipherSuites()).stream().allMatch(s -> s.contains("GCM") || s.contains("CHACHA20")),
                "AEAD suites only, as HTTPS");
    }

    @Test
    void aClientTrustingAnotherCertificateIsRefused() throws Exception {
        DeviceCertificate stranger = DeviceCertificate.ensure(data.resolve("stranger"), List.of());
        assertThrows(SSLHandshakeException.class, () -> handshake(trusting(stranger.certificate())));
    }

    @Test
    void anUploadedCertificateIsServedFromTheNextContextOn() throws Exception {
        SSLContext before = tls.serverContext();
        assertSame(before, tls.serverContext(), "made once per certificate");
        DeviceCertificate made = DeviceCertificate.ensure(data.resolve("elsewhere"), List.of("camera.example.org"));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(made.keystore())) {
            store.load(in, made.password());
        }
        PrivateKey key = (PrivateKey) store.getKey(DeviceCertificate.ALIAS, made.password());
        OwnCertificate.install(https.tlsDirectory(), pem("CERTIFICATE", made.certificate().getEncoded())
                + pem("PRIVATE KEY", key.getEncoded()));
        https.reload();
        assertNotSame(before, tls.serverContext());
        SSLSocket client = handshake(trusting(made.certificate()));
        assertEquals(made.certificate(), client.getSession().getPeerCertificates()[0]);
        OwnCertificate.remove(https.tlsDirectory());
        https.reload();
        assertEquals(deviceCrt(), handshake(trusting(deviceCrt())).getSession().getPeerCertificates()[0],
                "back to the device certificate");
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
