package nightjar.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import nightjar.mqtt.testing.HomeAssistant;
import nightjar.mqtt.testing.JsonReader;
import nightjar.mqtt.testing.Mosquitto;

/**
 * The tarball with MQTT configured the way a user would (config/nightjar.mqtt.cfg, TLS to the broker with
 * its CA file), against a real Mosquitto 2, watched with mosquitto_sub and mosquitto_pub.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MqttIT {
    private static final String BASE = "e2e/nightjar";
    private static Mosquitto broker;
    private static Path home;
    private static Path log;
    private static Process nightjar;
    private static int port;
    private static Mosquitto.Subscriber everything;

    @BeforeAll
    static void unpackConfigureAndStart() throws Exception {
        Path work = Path.of(System.getProperty("nightjar.workdir") + "-mqtt");
        if (Files.exists(work)) {
            try (Stream<Path> old = Files.walk(work)) {
                old.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(work);
        Commands.Result untar = Commands.run(work, List.of("tar", "xzf", System.getProperty("nightjar.tarball")));
        assertEquals(0, untar.exitCode(), untar.stderr());
        home = work.resolve("nightjar");
        broker = Mosquitto.start(work.resolve("mosquitto"));
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path security = home.resolve("config/nightjar.security.cfg");
        Files.writeString(security, Files.readString(security).replace("httpsPort = 8443", "httpsPort = " + port));
        Path mqtt = home.resolve("config/nightjar.mqtt.cfg");
        String shipped = Files.readString(mqtt);
        assertTrue(shipped.contains("\nbroker =\n"), "shipped without a broker");
        assertFalse(shipped.matches("(?s).*\npassword *=.*"), "shipped without a password");
        Files.writeString(mqtt, shipped.replace("\nbroker =\n", "\nbroker = " + broker.tlsUri() + "\npassword = "
                + broker.password() + "\n").replace("\nusername =\n", "\nusername = " + Mosquitto.USER + "\n")
                .replace("\ncaFile =\n", "\ncaFile = " + broker.caFile() + "\n")
                .replace("\nbaseTopic =\n", "\nbaseTopic = " + BASE + "\n")
                .replace("reconnectMaxSeconds = 60", "reconnectMaxSeconds = 2"));
        everything = broker.subscribe(null, BASE + "/#", "homeassistant/#");
        log = work.resolve("nightjar.log");
        start();
    }

    private static void start() throws IOException {
        nightjar = new ProcessBuilder(home.resolve("bin/nightjar").toString()).directory(home.getParent().toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (nightjar != null && nightjar.isAlive()) {
                nightjar.destroy();
                nightjar.waitFor(30, TimeUnit.SECONDS);
            }
            if (log != null && Files.exists(log)) {
                String output = Files.readString(log);
                System.out.println("---- bin/nightjar output ----\n" + output);
                assertFalse(output.contains(broker.password()), "the MQTT password is never logged");
                assertEquals(List.of(), output.lines().filter(l -> l.contains(" ERROR ")).toList());
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    @Test
    @Order(1)
    void overTlsItComesOnlineWithRetainedStateAndDiscovery() throws Exception {
        Mosquitto.Message online = everything.next(m -> m.topic().equals(BASE + "/availability")
                && m.text().equals("online"), 90_000);
        assertNotNull(online, "online within 90 s:\n" + Files.readString(log));
        // The camera's state may come before its detector is bound; then again with detection on.
        assertNotNull(everything.next(m -> m.topic().equals(BASE + "/front/state")
                && m.text().contains("\"detecting\":true"), 30_000));
        // A subscriber that comes now gets the state from the broker: retained.
        Mosquitto.Subscriber late = broker.subscribe(null, BASE + "/#", "homeassistant/#");
        List<String> wanted = List.of(BASE + "/front/state", BASE + "/state");
        Map<String, Mosquitto.Message> seen = late.first(wanted);
        assertEquals(wanted.size(), seen.size(), seen.keySet().toString());
        Map<String, Object> state = JsonReader.object(seen.get(BASE + "/front/state").text());
        assertEquals("front", state.get("camera"));
        assertEquals("640x480", state.get("resolution"));
        assertEquals(Boolean.TRUE, state.get("detecting"));
        assertTrue(seen.get(BASE + "/front/state").retained());

        // The web UI's port comes from nightjar.security, which FileInstall may load after nightjar.mqtt: the
        // documents are published again when it changes.
        String url = "https://" + java.net.InetAddress.getLocalHost().getHostName() + ":" + port + "/";
        Mosquitto.Message motion = broker.subscribe(null, "homeassistant/binary_sensor/+/front_motion/config")
                .next(m -> m.text().contains(url), 30_000);
        assertNotNull(motion, "configuration_url " + url);
        Map<String, Object> document = JsonReader.object(motion.text());
        assertEquals(List.of(), HomeAssistant.missing("binary_sensor", document));
        assertEquals(url, ((Map<?, ?>) document.get("device")).get("configuration_url"));
        assertTrue(Files.readString(log).contains("MQTT: connected to " + broker.tlsUri()));
    }

    @Test
    @Order(2)
    void theSyntheticBallIsMotionWithAnEventAndAJpegSnapshot() throws Exception {
        // Detection off and on again: the synthetic figure's next crossing (every 30 s) starts a new event. What
        // an event from before sends may still arrive first: the new one is the one that starts after the command.
        broker.publish(BASE + "/front/detect/set", "OFF", false);
        assertNotNull(everything.next(m -> m.topic().equals(BASE + "/front/state")
                && m.text().contains("\"detecting\":false"), 30_000));
        Instant switchedOn = Instant.now();
        broker.publish(BASE + "/front/detect/set", "ON", false);
        Mosquitto.MotionStart motion = everything.motionStartedAfter(BASE, "front", switchedOn);
        assertNotNull(motion, "motion after detection was switched on");
        byte[] snapshot = motion.snapshot();
        Map<String, Object> start = motion.event();
        assertEquals("ON", motion.motion(), "motion ON comes before the start event");
        assertNotNull(snapshot, "the snapshot comes before motion ON");
        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(snapshot));
        assertNotNull(picture, "a JPEG");
        assertEquals(640, picture.getWidth());
        Path file = Files.write(home.getParent().resolve("snapshot.jpg"), snapshot);
        Commands.Result probe = Commands.run(home, List.of("ffprobe", "-v", "error", "-show_entries",
                "stream=codec_name,width,height", "-of", "csv=p=0", file.toString()));
        assertEquals("mjpeg,640,480", probe.stdout().trim(), probe.stderr());
        assertEquals("front", start.get("camera"));

        broker.publish(BASE + "/front/detect/set", "OFF", false);
        assertEquals("OFF", everything.next(BASE + "/front/motion").text());
        Map<String, Object> end = JsonReader.object(everything.next(BASE + "/front/event").text());
        assertEquals("end", end.get("type"));
        assertEquals(start.get("start"), end.get("start"));
        broker.publish(BASE + "/front/detect/set", "ON", false);
        assertNotNull(everything.next(m -> m.topic().equals(BASE + "/front/state")
                && m.text().contains("\"detecting\":true"), 30_000));
    }

    @Test
    @Order(3)
    void homeAssistantComingOnlineGetsTheDiscoveryAgain() throws Exception {
        broker.publish("homeassistant/status", "online", false);
        List<String> components = new ArrayList<>();
        while (components.size() < 9) {
            Mosquitto.Message document = everything.next(m -> m.topic().startsWith("homeassistant/")
                    && m.topic().endsWith("/config"), 30_000);
            assertNotNull(document, "republished so far: " + components);
            String component = HomeAssistant.component("homeassistant", document.topic());
            assertEquals(List.of(), HomeAssistant.missing(component, JsonReader.object(document.text())), document.topic());
            components.add(component);
        }
        assertTrue(components.containsAll(List.of("binary_sensor", "camera", "switch", "button", "select", "sensor")),
                components.toString());
    }

    @Test
    @Order(4)
    void killedItIsOfflineByItsLastWillAndStartedAgainOnlineWithItsState() throws Exception {
        nightjar.destroyForcibly();
        assertTrue(nightjar.waitFor(30, TimeUnit.SECONDS));
        assertNotNull(everything.next(m -> m.topic().equals(BASE + "/availability") && m.text().equals("offline"), 60_000),
                "the broker sends the last will");
        start();
        if (everything.next(m -> m.topic().equals(BASE + "/availability") && m.text().equals("online"), 90_000) == null) {
            Commands.Result threads = Commands.run(home, List.of("jstack", Long.toString(nightjar.pid())));
            throw new AssertionError("not online again within 90 s:\n" + Files.readString(log) + "\n" + threads.stdout());
        }
        List<String> state = List.of(BASE + "/state", BASE + "/front/state");
        assertEquals(state, List.copyOf(everything.first(state).keySet()), "the retained state is published again");

        Mosquitto.Subscriber late = broker.subscribe(null, BASE + "/availability");
        Mosquitto.Message retained = late.next(BASE + "/availability");
        assertTrue(retained.retained());
        assertEquals("online", retained.text());
    }

    @Test
    @Order(5)
    void stoppedItSaysOffline() throws Exception {
        nightjar.destroy();
        assertTrue(nightjar.waitFor(30, TimeUnit.SECONDS));
        assertNotNull(everything.next(m -> m.topic().equals(BASE + "/availability") && m.text().equals("offline"), 30_000));
    }
}
