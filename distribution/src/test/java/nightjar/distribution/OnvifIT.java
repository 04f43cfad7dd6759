package nightjar.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import nightjar.mqtt.testing.FreePorts;

/**
 * ONVIF with a real client, the npm package {@code onvif} ({@code src/test/onvif}, pinned by its
 * package-lock.json and installed with {@code npm ci} into {@code target/onvif-client}), against the
 * tarball as shipped with plain HTTP ONVIF switched on: connecting over HTTPS with the device credential
 * (the device certificate checked), its one profile per camera, the stream address it gives read by
 * ffprobe (RTSPS as shipped, plain RTSP once that is switched on), the snapshot address fetched with
 * the device credential, a motion
 * event through a PullPoint subscription while the synthetic figure walks by, a wrong secret refused,
 * the same over plain HTTP; and WS-Discovery from a network namespace joined by a veth pair (multicast
 * needs a real interface), answered with the device service's address on that link, and the Hello and
 * Bye the appliance multicasts there when it starts and stops. Hostile XML and a large body over HTTPS
 * get SOAP faults.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OnvifIT {
    private static Appliance appliance;
    private static Path client;
    private static int plainPort;
    private static int rtspsPort;
    /** Why no network namespace could be made, null when it was. */
    private static String namespaceProblem;
    private static String namespace;
    private static String applianceAddress;
    private static String clientAddress;
    /** A listener for WS-Discovery multicast in the namespace, and where it writes what it hears. */
    private static Process listener;
    private static Path heard;

    @BeforeAll
    static void installClientAndStart() throws Exception {
        client = installClient();
        namespaceProblem = makeNamespace();
        appliance = Appliance.unpack("onvif");
        if (namespaceProblem == null) {
            listenInNamespace();
        }
        plainPort = FreePorts.next();
        rtspsPort = FreePorts.next();
        appliance.configure("nightjar.onvif.cfg", "http", "true", "httpPort", Integer.toString(plainPort));
        appliance.configure("nightjar.rtsp.cfg", "tlsPort", Integer.toString(rtspsPort));
        appliance.start();
        appliance.awaitLogLine(line -> line.contains("ONVIF over plain HTTP on port " + plainPort), 30);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (appliance != null) {
                String secret = credential().getProperty("secret");
                String log = appliance.finish("onvif");
                assertFalse(log.contains(secret), "the device credential's secret is in the log");
                assertTrue(log.contains("ONVIF over plain HTTP on port " + plainPort), log);
                assertEquals(List.of(), Appliance.errors(log));
                assertTrue(log.contains("refused: no UsernameToken of the device credential"), "the wrong secret's hint");
                if (listener != null) {
                    // Hello when the appliance joined the link, Bye when it stopped.
                    String endpoint = "urn:uuid:" + Files.readString(appliance.home().resolve("data/onvif/uuid")).trim();
                    String bye = "HEARD Bye " + endpoint;
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (!Files.readString(heard).contains(bye) && System.nanoTime() < deadline) {
                        Thread.sleep(100);
                    }
                    String multicast = Files.readString(heard);
                    System.out.println("---- WS-Discovery multicast heard in the namespace ----\n" + multicast);
                    assertTrue(multicast.contains("HEARD Hello " + endpoint), multicast);
                    assertTrue(multicast.contains(bye), multicast);
                }
            }
        } finally {
            if (listener != null) {
                listener.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            if (namespace != null) {
                run(List.of("ip", "netns", "del", namespace), Map.of(), 30);
            }
        }
    }

    /** Starts the client's multicast listener in the namespace, before the appliance says Hello. */
    private static void listenInNamespace() throws Exception {
        heard = appliance.home().getParent().resolve("discovery-heard.txt");
        ProcessBuilder builder = new ProcessBuilder("ip", "netns", "exec", namespace, "node", "onvif-client.js", "listen")
                .directory(client.toFile()).redirectErrorStream(true).redirectOutput(heard.toFile());
        builder.environment().put("LISTEN_ADDRESS", clientAddress);
        listener = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.readString(heard).contains("LISTENING")) {
            assertTrue(listener.isAlive() && System.nanoTime() < deadline, "the multicast listener did not start:\n"
                    + Files.readString(heard));
            Thread.sleep(100);
        }
    }

    /** {@code npm ci} of the committed package.json and package-lock.json into target/onvif-client. */
    private static Path installClient() throws Exception {
        Path source = Path.of(System.getProperty("nightjar.onviftest"));
        Path target = Path.of(System.getProperty("nightjar.onvifclient"));
        Files.createDirectories(target);
        for (String file : List.of("package.json", "package-lock.json", "onvif-client.js")) {
            Files.copy(source.resolve(file), target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(target.resolve("node_modules/onvif"))) {
            Run npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 110, target);
            assertEquals(0, npm.exitCode(), "npm ci of the ONVIF client:\n" + npm.output());
        }
        return target;
    }

    /**
     * A network namespace joined to this one by a veth pair on a /24 of 10.x of its own; the appliance
     * listens for discovery on every interface, this one included. Returns why it could not be made.
     */
    private static String makeNamespace() throws Exception {
        int suffix = ThreadLocalRandom.current().nextInt(0x10000);
        String name = "njonvif" + Integer.toHexString(suffix);
        String outside = "njo" + Integer.toHexString(suffix) + "a";
        String inside = "njo" + Integer.toHexString(suffix) + "b";
        String subnet = "10." + (200 + suffix % 50) + "." + (suffix / 50 % 250) + ".";
        List<List<String>> steps = List.of(
                List.of("ip", "netns", "add", name),
                List.of("ip", "link", "add", outside, "type", "veth", "peer", "name", inside),
                List.of("ip", "link", "set", inside, "netns", name),
                List.of("ip", "addr", "add", subnet + "1/24", "dev", outside),
                List.of("ip", "link", "set", outside, "up"),
                List.of("ip", "netns", "exec", name, "ip", "addr", "add", subnet + "2/24", "dev", inside),
                List.of("ip", "netns", "exec", name, "ip", "link", "set", inside, "up"),
                List.of("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up"),
                List.of("ip", "netns", "exec", name, "ip", "route", "add", "224.0.0.0/4", "dev", inside));
        for (List<String> step : steps) {
            Run done = run(step, Map.of(), 30);
            if (step.get(2).equals("add") && step.get(1).equals("netns") && done.exitCode() == 0) {
                namespace = name;
            }
            if (done.exitCode() != 0) {
                return "could not make a network namespace with a veth pair (the test needs root and iproute2): "
                        + String.join(" ", step) + ": " + done.output();
            }
        }
        applianceAddress = subnet + "1";
        clientAddress = subnet + "2";
        return null;
    }

    @Test
    @Order(1)
    void anOnvifClientConnectsFindsTheCameraAndGetsMotionEvents() throws Exception {
        Run connect = client("connect", true, credential().getProperty("secret"),
                Map.of("MOTION_SECONDS", "75"), 100);
        String result = connect.result("connect");
        String port = Integer.toString(httpsPort());
        assertTrue(result.contains("\"media\":\"https://localhost:" + port + "/onvif/media_service\""), result);
        assertTrue(result.contains("{\"token\":\"profile_front\",\"name\":\"Front\",\"encoding\":\"JPEG\",\"width\":640,"
                + "\"height\":480,\"source\":\"source_front\"}"), result);
        assertTrue(result.contains("\"manufacturer\":\"Nightjar\""), result);
        // RTSPS as shipped (plain RTSP is off): the device credential logs in with Basic over TLS.
        String stream = "rtsps://localhost:" + rtspsPort + "/cameras/front";
        assertTrue(result.contains("\"streamUri\":\"" + stream + "\""), result);
        assertEquals("mjpeg,640,480", ffprobe(stream), "ffprobe of the stream ONVIF gave");
        // The snapshot takes the device credential (HTTP Basic over TLS), as NVRs send the ONVIF login; an
        // account does not open it (accounts have /cameras/front/snapshot.jpg).
        String snapshot = "https://localhost:" + port + "/onvif/snapshot/front.jpg";
        assertTrue(result.contains("\"snapshotUri\":\"" + snapshot + "\""), result);
        Properties credential = credential();
        Path picture = appliance.home().getParent().resolve("onvif-snapshot.jpg");
        assertEquals("200", appliance.download("/onvif/snapshot/front.jpg", picture, "-u",
                credential.getProperty("username") + ":" + credential.getProperty("secret")).stdout());
        byte[] jpeg = Files.readAllBytes(picture);
        assertTrue(jpeg.length > 100 && (jpeg[0] & 0xff) == 0xff && (jpeg[1] & 0xff) == 0xd8, "a JPEG");
        assertEquals("401", appliance.curl("/onvif/snapshot/front.jpg").stdout(), "the admin account");
        assertEquals("401", appliance.curl("/onvif/snapshot/front.jpg", "-u", credential.getProperty("username")
                + ":wrong").stdout());

        // The System page's addresses (the web UI reads them from the OnvifService this bundle registers).
        Commands.Result urls = appliance.request("/api/stream-urls", "-u", "admin:" + appliance.password());
        assertTrue(urls.stdout().contains("\"https://localhost:" + port + "/onvif/device_service\"")
                && urls.stdout().contains("\"http://localhost:" + plainPort + "/onvif/device_service\""), urls.stdout());

        String events = connect.result("events");
        assertTrue(events.contains("\"motion\":true"), "motion through the PullPoint within 75 s:\n" + connect.output());
        assertTrue(events.contains("{\"topic\":\"tns1:VideoSource/MotionAlarm\",\"source\":\"source_front\","
                + "\"state\":false,\"operation\":\"Initialized\"}")
                || events.contains("\"state\":true,\"operation\":\"Initialized\""), events);
    }

    @Test
    @Order(2)
    void aWrongSecretIsRefusedWithNotAuthorized() throws Exception {
        String result = client("wrong", true, credential().getProperty("secret"), Map.of(), 60).result("wrong");
        assertTrue(result.contains("\"information\":\"ONVIF SOAP Fault: Sender not Authorized\""), result);
        assertTrue(result.contains("\"profiles\":\"ONVIF SOAP Fault: Sender not Authorized\""), result);
    }

    @Test
    @Order(3)
    void plainHttpTakesTheDigestTooAndGivesPlainRtspWhenItIsOn() throws Exception {
        int rtspPort = FreePorts.next();
        appliance.configure("nightjar.rtsp.cfg", "plainEnabled", "true", "plainPort", Integer.toString(rtspPort));
        String stream = "rtsp://localhost:" + rtspPort + "/cameras/front";
        String result = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!result.contains("\"streamUri\":\"" + stream + "\"") && System.nanoTime() < deadline) {
            // The RTSP server restarts with its new configuration; its service then tells the new port.
            Thread.sleep(500);
            result = client("connect", false, credential().getProperty("secret"), Map.of(), 60).result("connect");
        }
        assertTrue(result.contains("\"media\":\"http://localhost:" + plainPort + "/onvif/media_service\""), result);
        assertTrue(result.contains("\"token\":\"profile_front\""), result);
        assertTrue(result.contains("\"streamUri\":\"" + stream + "\""), result);
        assertEquals("mjpeg,640,480", ffprobe(stream), "ffprobe of the plain RTSP stream ONVIF gave (Digest)");
        String wrong = client("wrong", false, credential().getProperty("secret"), Map.of(), 60).result("wrong");
        assertTrue(wrong.contains("\"information\":\"ONVIF SOAP Fault: Sender not Authorized\""), wrong);
    }

    @Test
    @Order(4)
    void hostileXmlAndLargeBodiesGetFaultsOverHttps() throws Exception {
        Path xxe = appliance.home().getParent().resolve("xxe.xml");
        Files.writeString(xxe, "<?xml version=\"1.0\"?><!DOCTYPE s:Envelope [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body><GetSystemDateAndTime "
                + "xmlns=\"http://www.onvif.org/ver10/device/wsdl\">&x;</GetSystemDateAndTime></s:Body></s:Envelope>");
        Commands.Result refused = appliance.request("/onvif/device_service", "-H", "Content-Type: application/soap+xml",
                "--data-binary", "@" + xxe);
        assertEquals("400", Appliance.status(refused), refused.stdout());
        assertTrue(refused.stdout().contains("<env:Value>ter:WellFormed</env:Value>"), refused.stdout());
        assertFalse(refused.stdout().contains("root:"), "the entity was not read");

        Path large = appliance.home().getParent().resolve("large.xml");
        Files.write(large, new byte[100_000]);
        Commands.Result tooLarge = appliance.request("/onvif/device_service", "-H", "Content-Type: application/soap+xml",
                "--data-binary", "@" + large);
        assertEquals("413", Appliance.status(tooLarge), tooLarge.stdout());
        assertTrue(tooLarge.stdout().contains("<env:Fault>"), tooLarge.stdout());
    }

    @Test
    @Order(5)
    void discoveryFromAnotherNetworkNamespaceFindsTheDevice() throws Exception {
        assertNull(namespaceProblem, namespaceProblem);
        List<String> command = List.of("ip", "netns", "exec", namespace, "node", "onvif-client.js", "probe");
        Run probe = run(command, Map.of("PROBE_MILLIS", "4000"), 60, client);
        String result = probe.result("probe");
        String endpoint = Pattern.compile("\"address\":\"(urn:uuid:[0-9a-f-]{36})\"").matcher(result).results()
                .map(m -> m.group(1)).findFirst().orElse("none");
        assertTrue(result.contains("\"xaddrs\":\"https://" + applianceAddress + ":" + httpsPort()
                + "/onvif/device_service http://" + applianceAddress + ":" + plainPort + "/onvif/device_service\""),
                result);
        assertTrue(result.contains("dn:NetworkVideoTransmitter"), result);
        assertEquals(endpoint, "urn:uuid:" + Files.readString(appliance.home().resolve("data/onvif/uuid")).trim(),
                "the endpoint reference kept in data/onvif/uuid");
    }

    /** ffprobe of an RTSP(S) URI with the device credential in it: codec, width and height of its video. */
    private static String ffprobe(String uri) throws Exception {
        Properties credential = credential();
        String withCredential = uri.replaceFirst("://", "://" + credential.getProperty("username") + ":"
                + credential.getProperty("secret") + "@");
        Run probe = run(List.of("ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-show_entries",
                "stream=codec_name,width,height", "-of", "csv=p=0", withCredential), Map.of(), 40);
        assertEquals(0, probe.exitCode(), probe.output());
        // Its warnings (a first packet in the middle of a frame) come on the same output: the answer is the CSV line.
        return probe.output().lines().filter(line -> line.matches("[a-z0-9]+,\\d+,\\d+")).findFirst()
                .orElse(probe.output());
    }

    private static int httpsPort() {
        Matcher port = Pattern.compile("https://localhost:(\\d+)/").matcher(appliance.url("/"));
        assertTrue(port.find());
        return Integer.parseInt(port.group(1));
    }

    private static Properties credential() throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(appliance.home().resolve("data/device-credential.properties"))) {
            properties.load(in);
        }
        return properties;
    }

    private static Run client(String mode, boolean secure, String secret, Map<String, String> extra, int seconds)
            throws Exception {
        Map<String, String> environment = new HashMap<>(extra);
        environment.put("ONVIF_HOST", "localhost");
        environment.put("ONVIF_PORT", Integer.toString(secure ? httpsPort() : plainPort));
        environment.put("ONVIF_SECURE", Boolean.toString(secure));
        environment.put("ONVIF_USER", credential().getProperty("username"));
        environment.put("ONVIF_PASSWORD", secret);
        if (secure) {
            environment.put("ONVIF_CA", appliance.home().resolve("data/tls/device.crt").toString());
        }
        return run(List.of("node", "onvif-client.js", mode), environment, seconds, client);
    }

    /** A finished command: its exit code and output (stdout and stderr). */
    record Run(int exitCode, String output) {
        /** The JSON of its {@code RESULT} line of this step; fails when there is none. */
        String result(String step) {
            String line = output.lines().filter(l -> l.startsWith("RESULT {\"step\":\"" + step + "\""))
                    .findFirst().orElse(null);
            assertTrue(line != null, "no RESULT of " + step + " (exit " + exitCode + "):\n" + output);
            return line.substring("RESULT ".length());
        }
    }

    private static Run run(List<String> command, Map<String, String> environment, int seconds) throws Exception {
        return run(command, environment, seconds, Path.of("."));
    }

    private static Run run(List<String> command, Map<String, String> environment, int seconds, Path directory)
            throws Exception {
        Path output = Files.createTempFile("nightjar-onvif", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            boolean finished = process.waitFor(seconds, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            String shown = String.join(" ", command).replaceAll("://[^/@ ]+@", "://<device credential>@");
            System.out.println("---- " + shown + " ----\n" + text);
            assertTrue(finished, shown + " finished within " + seconds + " s:\n" + text);
            return new Run(process.exitValue(), text);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
