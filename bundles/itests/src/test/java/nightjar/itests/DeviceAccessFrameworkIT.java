package nightjar.itests;

import static nightjar.itests.FrameworkChecks.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

import nightjar.api.security.DeviceCredential;
import nightjar.api.security.PasswordCheck;
import nightjar.api.security.ServerTls;
import nightjar.mqtt.testing.FreePorts;

/**
 * The security bundle's services for RTSP and ONVIF in the assembled framework: registered with no
 * secret among any service's properties, checking the accounts HTTPS checks, serving the certificate
 * HTTPS serves; and the web UI's stream addresses following the RTSP server's service as it comes and goes.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeviceAccessFrameworkIT {
    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configurationAdmin;

    @Inject
    DeviceCredential credential;

    @Inject
    PasswordCheck passwords;

    @Inject
    ServerTls serverTls;

    private Https https;

    @Configuration
    public Option[] config() {
        return NightjarOptions.framework();
    }

    @Before
    public void configure() throws Exception {
        https = Https.onTestPort(context, configurationAdmin);
        org.osgi.service.cm.Configuration camera = configurationAdmin.getFactoryConfiguration("nightjar.camera", "front", "?");
        if (camera.getProperties() == null) {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put("source", "synthetic");
            properties.put("width", 320);
            properties.put("height", 240);
            camera.update(properties);
        }
        int[] answer = {-1};
        await("the web API over HTTPS", () -> (answer[0] = https.status("/api/cameras")) == 200,
                () -> "last answer " + (answer[0] < 0 ? "none" : "HTTP " + answer[0]));
    }

    private Path data() {
        return Path.of(context.getProperty("nightjar.data"));
    }

    @Test
    public void noServicePropertyHoldsTheSecretAndPasswordsAreCheckedAsHttpsChecksThem() throws Exception {
        String secret = credential.secret();
        assertTrue(credential.matches(credential.username(), secret));
        ServiceReference<?>[] all = context.getAllServiceReferences(null, null);
        for (ServiceReference<?> reference : all) {
            for (String key : reference.getPropertyKeys()) {
                assertFalse(reference + " " + key, String.valueOf(reference.getProperty(key)).contains(secret));
            }
        }
        String admin = Files.readString(data().resolve("admin-password.txt")).trim();
        PasswordCheck.Result accepted = passwords.check("admin", admin, "192.0.2.44");
        assertEquals(PasswordCheck.Outcome.ACCEPTED, accepted.outcome());
        assertEquals("admin", accepted.user().orElseThrow().role());
        assertEquals(PasswordCheck.Outcome.REFUSED, passwords.check("admin", admin + "x", "192.0.2.44").outcome());
        assertEquals(PasswordCheck.Outcome.REFUSED, passwords.check("nobody", admin, "192.0.2.44").outcome());
    }

    @Test
    public void serverTlsPresentsTheCertificateHttpsServes() throws Exception {
        HttpsURLConnection connection = (HttpsURLConnection) https.open("/api/cameras");
        connection.getResponseCode();
        Certificate httpsCertificate = connection.getServerCertificates()[0];
        connection.disconnect();

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(data().resolve("tls/device.crt"))) {
            trusted.setCertificateEntry("nightjar", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trust.getTrustManagers(), null);
        try (SSLServerSocket server = (SSLServerSocket) serverTls.serverContext().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SSLParameters parameters = server.getSSLParameters();
            parameters.setProtocols(serverTls.protocols());
            parameters.setCipherSuites(serverTls.cipherSuites());
            server.setSSLParameters(parameters);
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) server.accept()) {
                    accepted.startHandshake();
                    accepted.getOutputStream().write(1);
                    accepted.getInputStream().read();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(
                    new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()), "localhost", server.getLocalPort(), true)) {
                socket.startHandshake();
                assertEquals(1, socket.getInputStream().read());
                assertEquals(httpsCertificate, socket.getSession().getPeerCertificates()[0]);
                socket.getOutputStream().write(1);
            }
            served.get(10, TimeUnit.SECONDS);
        }
    }

    private String streamUrls() {
        try {
            HttpURLConnection connection = https.open("/api/stream-urls");
            try (InputStream in = connection.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                connection.disconnect();
            }
        } catch (IOException | GeneralSecurityException e) {
            return e.toString();
        }
    }

    @Test
    public void theStreamAddressesFollowTheRtspServer() throws Exception {
        // The real RTSP server, on free ports with plain RTSP switched on, then stopped.
        int tlsPort = FreePorts.next();
        int plainPort = FreePorts.next();
        org.osgi.service.cm.Configuration rtsp = configurationAdmin.getConfiguration("nightjar.rtsp", "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("tlsPort", tlsPort);
        properties.put("plainEnabled", true);
        properties.put("plainPort", plainPort);
        rtsp.update(properties);
        Bundle server = FrameworkChecks.bundle(context, "nightjar.rtsp");
        try {
            await("the RTSPS and RTSP addresses of camera front", () -> streamUrls().contains("\"rtsps\":\"rtsps://localhost:"
                    + tlsPort + "/cameras/front\",\"rtsp\":\"rtsp://localhost:" + plainPort + "/cameras/front\""),
                    this::streamUrls);
            server.stop();
            await("no RTSP address once the server is gone", () -> streamUrls().contains("\"rtsp\":false")
                    && !streamUrls().contains("rtsps://"), this::streamUrls);
        } finally {
            server.start();
            rtsp.delete();
        }
    }

    @Test
    public void theOnvifAddressesFollowTheOnvifService() throws Exception {
        // The real ONVIF bundle, with plain HTTP switched on, then stopped.
        String port = context.getProperty("nightjar.itests.port");
        int httpPort = FreePorts.next();
        org.osgi.service.cm.Configuration onvif = configurationAdmin.getConfiguration("nightjar.onvif", "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("http", true);
        properties.put("httpPort", httpPort);
        properties.put("discovery", false);
        onvif.update(properties);
        Bundle service = FrameworkChecks.bundle(context, "nightjar.onvif");
        try {
            await("ONVIF's device service on HTTPS's port and on plain HTTP", () -> streamUrls().contains(
                    "\"onvif\":{\"https\":\"https://localhost:" + port + "/onvif/device_service\",\"http\":\"http://localhost:"
                            + httpPort + "/onvif/device_service\"}"), this::streamUrls);
            service.stop();
            await("no ONVIF address once it is gone", () -> streamUrls().contains("\"onvif\":null"), this::streamUrls);
        } finally {
            service.start();
            onvif.delete();
        }
    }
}
