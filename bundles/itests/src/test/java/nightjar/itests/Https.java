package nightjar.itests;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * An HTTPS client that trusts exactly the appliance's device certificate and logs in as admin,
 * and a reader for the parts of an MJPEG stream.
 */
final class Https {
    private final Path data;
    private final int port;
    private SSLContext tls;

    /**
     * Has security serve HTTPS on the port the test framework was given, and a client of it that trusts the
     * framework's certificate.
     */
    static Https onTestPort(BundleContext context, ConfigurationAdmin configurationAdmin) throws IOException {
        int port = Integer.parseInt(context.getProperty("nightjar.itests.port"));
        org.osgi.service.cm.Configuration security = configurationAdmin.getConfiguration("nightjar.security", "?");
        Dictionary<String, Object> properties = security.getProperties();
        if (properties == null || !Integer.valueOf(port).equals(properties.get("httpsPort"))) {
            properties = properties == null ? new Hashtable<>() : properties;
            properties.put("httpsPort", port);
            security.update(properties);
        }
        return new Https(Path.of(context.getProperty("nightjar.data")), port);
    }

    Https(Path data, int port) {
        this.data = data;
        this.port = port;
    }

    /** The HTTP status of a GET as admin, or -1 while nothing answers. */
    int status(String path) {
        return status(() -> open(path));
    }

    /** The HTTP status of a GET as the given account (HTTP Basic), or -1 while nothing answers. */
    int status(String path, String user, String password) {
        return status(() -> open(path, user, password));
    }

    private interface Opening {
        HttpURLConnection open() throws IOException, GeneralSecurityException;
    }

    private static int status(Opening opening) {
        try {
            HttpURLConnection connection = opening.open();
            try {
                return connection.getResponseCode();
            } finally {
                connection.disconnect();
            }
        } catch (IOException | GeneralSecurityException notYet) {
            return -1;
        }
    }

    HttpURLConnection open(String path) throws IOException, GeneralSecurityException {
        return open(path, "admin", Files.readString(data.resolve("admin-password.txt")).trim());
    }

    /** A GET as the given account (HTTP Basic). */
    HttpURLConnection open(String path, String user, String password) throws IOException, GeneralSecurityException {
        HttpsURLConnection connection = (HttpsURLConnection) new URL("https://localhost:" + port + path).openConnection();
        connection.setSSLSocketFactory(tls().getSocketFactory());
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(10_000);
        connection.setRequestProperty("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        return connection;
    }

    private SSLContext tls() throws IOException, GeneralSecurityException {
        if (tls == null) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            try (InputStream in = Files.newInputStream(data.resolve("tls/device.crt"))) {
                trusted.setCertificateEntry("nightjar", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
        }
        return tls;
    }

    /** Reads the parts of a multipart stream by their Content-Length. */
    static final class PartReader implements AutoCloseable {
        private final InputStream in;

        PartReader(InputStream in) {
            this.in = new BufferedInputStream(in);
        }

        /** The next JPEG, or null when the server ended the stream cleanly. */
        byte[] next() throws IOException {
            int length = -1;
            while (true) {
                String line = readLine();
                if (line == null) {
                    return null;
                }
                if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(line.substring(15).trim());
                } else if (line.isEmpty() && length >= 0) {
                    byte[] jpeg = in.readNBytes(length);
                    if (jpeg.length < length) {
                        throw new IOException("stream cut inside a picture");
                    }
                    return jpeg;
                }
            }
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
