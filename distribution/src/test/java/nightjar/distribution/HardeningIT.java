package nightjar.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The hardening of the unpacked tarball, with curl and stat as a user or an attacker would use them:
 * guessing from some addresses never keeps the admin's right password out from another, config/ is
 * the owner's only (also after an older install and after a save), secrets are in no service
 * property nor the web console's configuration status, TRACE is refused everywhere, the plain HTTP
 * redirect does not echo a foreign Host, a client trickling its request head is cut off, and the
 * generated password file goes once it is replaced.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HardeningIT {
    private static final String MQTT_SECRET = "mqtt-secret-Q7v2xk";
    private static final String METRICS_TOKEN = "metrics-token-Z9p4wq-0123";
    private static final String MOTION = "nightjar.motion-front.cfg";
    private static Appliance appliance;
    private static int httpPort;

    @BeforeAll
    static void unpackAndStart() throws Exception {
        appliance = Appliance.unpack("hardening");
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            httpPort = socket.getLocalPort();
        }
        appliance.configure("nightjar.security.cfg", "metricsToken", METRICS_TOKEN, "httpPort", Integer.toString(httpPort));
        // A broker nobody listens on: the password only has to be in the configuration.
        appliance.configure("nightjar.mqtt.cfg", "broker", "tcp://127.0.0.1:9", "username", "nightjar",
                "password", MQTT_SECRET);
        // As an older version unpacked it: readable by everyone.
        Commands.run(appliance.home(), List.of("chmod", "-R", "go+rX", "config"));
        appliance.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (appliance != null) {
            String log = appliance.finish("hardening");
            assertFalse(log.contains(MQTT_SECRET) || log.contains(METRICS_TOKEN), "no secret in the log");
        }
    }

    private static String mode(Path path) throws Exception {
        Commands.Result stat = Commands.run(appliance.home(), List.of("stat", "-c", "%a", path.toString()));
        assertEquals(0, stat.exitCode(), stat.stderr());
        return stat.stdout().trim();
    }

    private static void assertOwnerOnly(String when) throws Exception {
        Path config = appliance.home().resolve("config");
        assertEquals("700", mode(config), "config/ " + when);
        try (Stream<Path> files = Files.list(config)) {
            for (Path file : files.toList()) {
                assertEquals("600", mode(file), file.getFileName() + " " + when);
            }
        }
    }

    /** curl without the default account; stdout is the headers, then the status. */
    private static Commands.Result headers(String url, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "--cacert",
                appliance.certificate().toString(), "-D", "-", "-o", "/dev/null", "-w", "%{http_code}"));
        command.addAll(List.of(options));
        command.add(url);
        return Commands.run(appliance.home(), command);
    }

    private static String status(Commands.Result result) {
        String out = result.stdout();
        return out.substring(out.lastIndexOf('\n') + 1);
    }

    private static void await(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.call()) {
            assertTrue(System.nanoTime() < deadline, what + " within 30 s:\n" + appliance.printableLog());
            Thread.sleep(250);
        }
    }

    @Test
    @Order(1)
    void theTarballAndTheRunningApplianceKeepConfigurationOwnerOnly() throws Exception {
        Commands.Result listing = Commands.run(appliance.home(), List.of("tar", "tvzf", System.getProperty("nightjar.tarball")));
        List<String> config = listing.stdout().lines().filter(line -> line.contains(" nightjar/config/")).toList();
        assertFalse(config.isEmpty(), listing.stdout());
        for (String line : config) {
            assertTrue(line.startsWith(line.endsWith("/") ? "drwx------ " : "-rw------- "), line);
        }
        assertOwnerOnly("after bin/nightjar started an install that an older version left readable by everyone");
    }

    @Test
    @Order(2)
    void secretsAreInNoServicePropertyNorTheConsolesConfigurationStatus() throws Exception {
        assertEquals("200", status(headers(appliance.url("/metrics"), "-H", "Authorization: Bearer " + METRICS_TOKEN)),
                "the token is configured");
        // The console's whole Configuration Status: every service's properties, every component's, every configuration.
        Path status = appliance.home().resolve("../configuration-status.txt");
        assertEquals("200", appliance.download("/system/console/config/configuration-status.txt", status).stdout());
        String printed = Files.readString(status);
        String services = section(printed, "Services");
        assertTrue(services.contains("nightjar.api.mqtt.MqttBridge") && services.contains("Authenticator"), services);
        assertFalse(services.contains(MQTT_SECRET), "the MQTT password is no service property");
        assertFalse(services.contains(METRICS_TOKEN), "the metrics token is no service property");
        String components = section(printed, "Declarative Services Components");
        assertTrue(components.contains("nightjar.mqtt.internal.MqttComponent"), components);
        assertFalse(printed.contains(MQTT_SECRET), "the MQTT password is nowhere in the configuration status");
        assertFalse(printed.contains(METRICS_TOKEN), "the metrics token is nowhere in the configuration status");
    }

    /** The part of the console's text dump under {@code *** <title>:}. */
    private static String section(String dump, String title) {
        int start = dump.indexOf("*** " + title + ":");
        assertTrue(start >= 0, "no section " + title);
        int end = dump.indexOf("\n*** ", start + 1);
        return dump.substring(start, end < 0 ? dump.length() : end);
    }

    @Test
    @Order(3)
    void aWebConsoleSaveKeepsTheFileOwnerOnly() throws Exception {
        Path headers = Files.createTempFile("console", ".headers");
        try {
            List<String> options = new ArrayList<>(List.of("-D", headers.toString()));
            for (String field : List.of("pid=nightjar.motion~front", "apply=true", "factoryPid=nightjar.motion",
                    "propertylist=enabled,sensitivity,minArea,zones,minFrames,eventGapSeconds,analysisFps,absorbSeconds,"
                            + "lightChangePercent",
                    "enabled=true", "sensitivity=33", "minArea=0.5", "zones=", "minFrames=2", "eventGapSeconds=5",
                    "analysisFps=5", "absorbSeconds=30", "lightChangePercent=50")) {
                options.addAll(List.of("--data-urlencode", field));
            }
            Commands.Result saved = appliance.curl("/system/console/configMgr/nightjar.motion~front",
                    options.toArray(String[]::new));
            assertEquals("302", saved.stdout(), Files.readString(headers));
        } finally {
            Files.delete(headers);
        }
        await("the save in " + MOTION, () -> Files.readString(appliance.home().resolve("config").resolve(MOTION))
                .contains("sensitivity = I\"33\""));
        assertOwnerOnly("after a web console save");
    }

    @Test
    @Order(4)
    void guessingFromOtherAddressesNeverKeepsTheAdminsRightPasswordOut() throws Exception {
        // Sustained guessing for admin from three addresses, each until it is held back.
        for (String attacker : List.of("127.0.0.2", "127.0.0.3", "127.0.0.4")) {
            int tries = 0;
            String code;
            do {
                code = appliance.curl("/cameras", "-4", "--interface", attacker, "-u", "admin:guess" + tries).stdout();
                tries++;
            } while (code.equals("401") && tries < 16);
            assertEquals("429", code, attacker + " is held back after its free failures");
        }
        // The last attacker failed while the name was under attack: it waits a minute or more.
        assertEquals("429", appliance.curl("/cameras", "-4", "--interface", "127.0.0.4", "-u",
                "admin:" + appliance.password()).stdout(), "a guessing address is not even checked");
        assertEquals("200", appliance.curl("/cameras", "-4", "--interface", "127.0.0.1").stdout(),
                "the admin's right password gets in at once from its own address");
        assertEquals("429", appliance.curl("/cameras", "-4", "--interface", "127.0.0.4", "-u", "admin:guess").stdout(),
                "while the guessing goes on");
        assertEquals("200", appliance.curl("/cameras", "-4", "--interface", "127.0.0.1").stdout());
    }

    @Test
    @Order(5)
    void traceAndTrackAre405EverywhereBeforeAuthentication() throws Exception {
        for (String url : List.of(appliance.url("/"), appliance.url("/cameras/front/snapshot.jpg"),
                appliance.url("/system/console/bundles"), appliance.url("/login"), appliance.url("/no/such/page"),
                "http://localhost:" + httpPort + "/")) {
            for (String method : List.of("TRACE", "TRACK")) {
                Commands.Result answer = headers(url, "-X", method, "-H", "Cookie: nightjar_session=echo-me");
                assertEquals("405", status(answer), method + " " + url + ":\n" + answer.stdout());
            }
        }
    }

    @Test
    @Order(6)
    void thePlainHttpRedirectDoesNotEchoAForeignHost() throws Exception {
        String plain = "http://localhost:" + httpPort + "/cameras/front/snapshot.jpg";
        Commands.Result own = headers(plain);
        assertEquals("301", status(own), own.stdout());
        assertTrue(own.stdout().contains("Location: " + appliance.url("/cameras/front/snapshot.jpg")), own.stdout());
        Commands.Result foreign = headers(plain, "-H", "Host: evil.example");
        assertEquals("301", status(foreign), foreign.stdout());
        assertFalse(foreign.stdout().contains("evil.example"), foreign.stdout());
        assertTrue(foreign.stdout().contains("Location: " + appliance.url("/cameras/front/snapshot.jpg")
                .replace("localhost", "127.0.0.1")), foreign.stdout());
    }

    @Test
    @Order(7)
    void aClientTricklingItsRequestHeadIsCutOffWhileAStreamGoesOn() throws Exception {
        // A viewer of the stream for the whole time: a long response is not a slow request.
        Process stream = new ProcessBuilder("curl", "-sS", "--max-time", "30", "--cacert", appliance.certificate().toString(),
                "-u", "admin:" + appliance.password(), "-o", "/dev/null", "-w", "%{http_code}",
                appliance.url("/cameras/front/stream.mjpg")).redirectErrorStream(true).start();
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (java.io.InputStream in = Files.newInputStream(appliance.certificate())) {
            trusted.setCertificateEntry("device", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        int port = Integer.parseInt(appliance.url("").replaceAll(".*:", ""));
        boolean cutOff = false;
        int sent = 0;
        StringBuilder answered = new StringBuilder();
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost", port)) {
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write("GET /cameras HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // One header byte every two seconds, for 50 s at most: less than Jetty's 60 s idle timeout,
            // which each byte restarts anyway.
            socket.setSoTimeout(2000);
            while (!cutOff && sent < 25) {
                try {
                    out.write('a');
                    out.flush();
                    sent++;
                    int answer = socket.getInputStream().read();
                    // An answer before the head is complete, or the end: either way the server gave up on it.
                    cutOff = true;
                    if (answer >= 0) {
                        answered.append((char) answer);
                    }
                } catch (SocketTimeoutException stillOpen) {
                    // The server waits for the rest of the head: send the next byte.
                } catch (IOException closed) {
                    cutOff = true;
                }
            }
        }
        assertTrue(cutOff, "the connection was still open after " + sent + " header bytes, one every 2 s; it answered: " + answered);
        assertTrue(sent >= 5, "cut off after " + sent + " bytes: not before the deadline");
        assertFalse(answered.toString().startsWith("HTTP/1.1 2"), "no answer as to a request: " + answered);
        assertEquals("200", appliance.curl("/cameras").stdout(), "others are served as before");
        assertTrue(stream.waitFor(60, TimeUnit.SECONDS));
        String streamed = new String(stream.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(28, stream.exitValue(), "the stream ran until curl's own 30 s limit: " + streamed);
    }

    @Test
    @Order(8)
    void theGeneratedPasswordFileGoesOnceTheAdminHasItsOwn() throws Exception {
        Path passwordFile = appliance.home().resolve("data/admin-password.txt");
        assertTrue(Files.exists(passwordFile));
        String change = "{\"current\":\"" + appliance.password() + "\",\"password\":\"the-admins-own-password-1\"}";
        assertEquals("200", appliance.curl("/api/me/password", "-X", "POST", "-H", "Content-Type: application/json",
                "--data-binary", change).stdout());
        assertFalse(Files.exists(passwordFile), "the generated password is of no use any more");
        assertEquals("200", appliance.curl("/cameras", "-u", "admin:the-admins-own-password-1").stdout());
    }
}
