package nightjar.itests;

import static nightjar.itests.FrameworkChecks.await;
import static nightjar.itests.FrameworkChecks.awaitMotion;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.HttpURLConnection;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

import nightjar.api.camera.Camera;
import nightjar.api.illumination.Illumination;
import nightjar.api.illumination.IlluminationMode;
import nightjar.api.motion.MotionDetector;
import nightjar.api.mqtt.MqttBridge;
import nightjar.api.recording.Recorder;
import nightjar.mqtt.testing.JsonReader;
import nightjar.mqtt.testing.ModeIllumination;
import nightjar.mqtt.testing.Mosquitto;

/**
 * The MQTT bridge in the assembled framework, with the real synthetic camera and motion detector,
 * against a real Mosquitto 2 watched with mosquitto_sub.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class MqttIT extends FrameworkTest {
    private static final String BASE = "itest/nightjar";
    private static final String PREFIX = "ha";
    private Mosquitto broker;
    private Https https;

    @Before
    public void configure() throws Exception {
        broker = Mosquitto.start(Path.of(context.getProperty("nightjar.data")).resolve("mosquitto"));
        configureFrontCamera();
        https = Https.onTestPort(context, configurationAdmin);
        org.osgi.service.cm.Configuration mqtt = configurationAdmin.getConfiguration("nightjar.mqtt", "?");
        if (mqtt.getProperties() == null || mqtt.getProperties().get("broker") == null) {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put("broker", broker.uri());
            properties.put("username", Mosquitto.USER);
            properties.put("password", broker.password());
            properties.put("baseTopic", BASE);
            properties.put("discoveryPrefix", PREFIX);
            properties.put("reconnectMaxSeconds", 2);
            mqtt.update(properties);
        }
        await("the bridge connected", () -> "CONNECTED".equals(bridgeProperty(MqttBridge.STATE_PROPERTY)));
        await("camera front", () -> service(Camera.class) != null);
    }

    @After
    public void stopBroker() {
        broker.close();
    }

    @Test
    public void motionFromTheSyntheticCameraIsMotionEventAndAJpegSnapshot() throws Exception {
        MotionDetector detector = service(MotionDetector.class);
        assertNotNull(detector);
        detector.setDetecting(false);
        Mosquitto.Subscriber subscriber = broker.subscribe(null, BASE + "/front/motion", BASE + "/front/event",
                BASE + "/front/snapshot");
        // The synthetic figure walks through every 30 s: an event starts at its next crossing (within the
        // 60 s motionStartedAfter waits). What an event from before sends (buffered before the bridge
        // connected) may come first.
        Instant switchedOn = Instant.now();
        detector.setDetecting(true);
        Mosquitto.MotionStart motion = subscriber.motionStartedAfter(BASE, "front", switchedOn);
        assertNotNull("motion after detection was switched on", motion);
        byte[] snapshot = motion.snapshot();
        Map<String, Object> start = motion.event();
        assertEquals("motion ON before the start event", "ON", motion.motion());
        assertNotNull("a snapshot at motion start", snapshot);
        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(snapshot));
        assertNotNull("the snapshot is a JPEG", picture);
        assertEquals(320, picture.getWidth());
        assertEquals(240, picture.getHeight());
        assertEquals("front", start.get("camera"));
        double score = (Double) start.get("score");
        assertTrue("score " + score, score > 0 && score < 0.5);
        assertTrue(start.get("regions") instanceof List<?> regions && !regions.isEmpty());

        // detect/set OFF ends the event; the retained state says detection is off.
        Mosquitto.Subscriber state = broker.subscribe(null, BASE + "/front/state");
        broker.publish(BASE + "/front/detect/set", "OFF", false);
        assertEquals("OFF", subscriber.next(BASE + "/front/motion").text());
        Map<String, Object> end = JsonReader.object(subscriber.next(BASE + "/front/event").text());
        assertEquals("end", end.get("type"));
        assertEquals(start.get("start"), end.get("start"));
        Map<String, Object> current = JsonReader.object(state.next(m -> m.text().contains("\"detecting\":false"),
                30_000).text());
        assertEquals("STREAMING", current.get("state"));
        assertEquals("320x240", current.get("resolution"));
        assertTrue(((Double) current.get("fps")) >= 0);
        assertEquals("no one watches the stream", 0.0, current.get("clients"));
        // A viewer of the MJPEG stream is counted in the state.
        HttpURLConnection stream = null;
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); stream == null; Thread.sleep(100)) {
            try {
                HttpURLConnection connection = https.open("/cameras/front/stream.mjpg");
                if (connection.getResponseCode() == 200) {
                    stream = connection;
                }
            } catch (java.io.IOException notServedYet) {
                assertTrue("the stream is served", System.nanoTime() < deadline);
            }
        }
        try (Https.PartReader parts = new Https.PartReader(stream.getInputStream())) {
            assertNotNull(parts.next());
            broker.publish(BASE + "/front/detect/set", "ON", false);
            // The retained state taken at subscription may be older than the motion start's, so an earlier
            // state with detection on (and no viewer) can still be queued: the one wanted counts the viewer.
            assertNotNull("a state with detection on counts the stream's viewer", state.next(m -> {
                Map<String, Object> json = JsonReader.object(m.text());
                return Boolean.TRUE.equals(json.get("detecting")) && Double.valueOf(1.0).equals(json.get("clients"));
            }, 30_000));
        }
        assertTrue(detector.status().detecting());
    }

    @Test
    public void recordingIsUnavailableWithoutTheRecorderAndWorksWithIt() throws Exception {
        Mosquitto.Subscriber state = broker.subscribe(null, BASE + "/front/state");
        Bundle recorderBundle = FrameworkChecks.bundle(context, "nightjar.recorder");
        recorderBundle.stop();
        try {
            assertNotNull("the recorder's going is noticed",
                    state.next(m -> m.text().contains("\"recorder\":false"), 30_000));
            broker.publish(BASE + "/front/recording/set", "ON", false);
            Map<String, Object> without = JsonReader.object(state.next(BASE + "/front/state").text());
            assertEquals(Boolean.FALSE, without.get("recorder"));
            assertEquals(Boolean.FALSE, without.get("recording"));
        } finally {
            recorderBundle.start();
        }
        assertNotNull("the recorder is picked up", state.next(m -> m.text().contains("\"recorder\":true"), 30_000));
        ServiceReference<Recorder> reference = context.getServiceReference(Recorder.class);
        assertNotNull(reference);
        Recorder recorder = context.getService(reference);
        broker.publish(BASE + "/front/recording/set", "ON", false);
        assertNotNull(state.next(m -> m.text().contains("\"recording\":true"), 30_000));
        await("the manual recording", () -> recorder.status("front").manual());
        assertTrue(recorder.status("front").recording());
        broker.publish(BASE + "/front/recording/set", "OFF", false);
        await("the manual recording to stop", () -> !recorder.status("front").manual());
    }

    @Test
    public void irSetNeedsTheIlluminationAndIsThenItsRetainedState() throws Exception {
        Mosquitto.Subscriber state = broker.subscribe(null, BASE + "/state");
        Map<String, Object> without = JsonReader.object(state.next(BASE + "/state").text());
        assertEquals(Boolean.FALSE, ((Map<?, ?>) without.get("ir")).get("available"));
        ModeIllumination illumination = new ModeIllumination();
        ServiceRegistration<Illumination> registration = context.registerService(Illumination.class, illumination, null);
        try {
            assertNotNull(state.next(m -> m.text().contains("\"available\":true"), 30_000));
            broker.publish(BASE + "/ir/set", "AUTO", false);
            assertNotNull(state.next(m -> m.text().contains("\"mode\":\"AUTO\""), 30_000));
            assertEquals(IlluminationMode.AUTO, illumination.mode());
            broker.publish(BASE + "/ir/set", "on", false);
            Map<String, Object> on = JsonReader.object(state.next(m -> m.text().contains("\"mode\":\"ON\""), 30_000).text());
            assertEquals(Boolean.TRUE, ((Map<?, ?>) on.get("ir")).get("on"));
        } finally {
            registration.unregister();
        }
        assertNotNull(state.next(m -> m.text().contains("\"available\":false"), 30_000));
    }

    @Test
    public void threeMotionEventsWhileTheBrokerIsDownArriveInOrderAfterItsRestart() throws Exception {
        MotionDetector detector = service(MotionDetector.class);
        String events = BASE + "/front/event";
        broker.subscribe("itest-persistent", events).close();
        detector.setDetecting(false);
        await("the last event ended", () -> pending() == 0);
        broker.stop();
        try {
            await("the bridge noticed", () -> !"CONNECTED".equals(bridgeProperty(MqttBridge.STATE_PROPERTY)));
            for (int i = 0; i < 3; i++) {
                int before = pending();
                detector.setDetecting(true);
                // snapshot, motion ON and the start event are buffered
                awaitMotion("motion started", () -> pending() >= before + 3);
                detector.setDetecting(false);
                await("motion ended", () -> pending() >= before + 5);
            }
            assertEquals(15, pending());
        } finally {
            broker.start();
        }
        Mosquitto.Subscriber subscriber = broker.subscribe("itest-persistent", events);
        List<String> types = new ArrayList<>();
        List<String> starts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Mosquitto.Message message = subscriber.next(events);
            assertNotNull("event " + (i + 1) + " of 6 delivered", message);
            Map<String, Object> event = JsonReader.object(message.text());
            types.add((String) event.get("type"));
            starts.add((String) event.get("start"));
        }
        assertEquals(List.of("start", "end", "start", "end", "start", "end"), types);
        for (int i = 0; i < 6; i += 2) {
            assertEquals("an event's end follows its start", starts.get(i), starts.get(i + 1));
        }
        assertTrue("in order: " + starts, starts.get(0).compareTo(starts.get(2)) < 0 && starts.get(2).compareTo(starts.get(4)) < 0);
        await("all acknowledged", () -> pending() == 0);
        detector.setDetecting(true);
    }

    @Test
    public void homeAssistantSeesTheCameraAndItsEntitiesGoWhenTheCameraIsDeleted() throws Exception {
        Mosquitto.Subscriber discovery = broker.subscribe(null, PREFIX + "/#");
        Mosquitto.Message motion = discovery.next(m -> m.topic().endsWith("/front_motion/config"), 30_000);
        assertNotNull(motion);
        assertEquals("motion", JsonReader.object(motion.text()).get("device_class"));
        // Kept by the broker for a Home Assistant that starts later: a new subscriber gets it as retained.
        Mosquitto.Message kept = broker.subscribe(null, PREFIX + "/#")
                .next(m -> m.topic().endsWith("/front_motion/config"), 30_000);
        assertNotNull(kept);
        assertTrue(kept.retained());

        org.osgi.service.cm.Configuration camera = configurationAdmin.getFactoryConfiguration("nightjar.camera", "front", "?");
        camera.delete();
        try {
            List<String> removed = new ArrayList<>();
            while (removed.size() < 5) {
                Mosquitto.Message message = discovery.next(m -> m.payload().length == 0, 30_000);
                assertNotNull("removed so far: " + removed, message);
                removed.add(message.topic().substring(message.topic().indexOf('/') + 1));
            }
            assertEquals(5, removed.stream().filter(t -> t.contains("/front_")).count());
            assertTrue(removed.toString(), removed.stream().anyMatch(t -> t.startsWith("camera/")));
        } finally {
            configureFrontCamera();
        }
        Mosquitto.Message back = discovery.next(m -> m.topic().endsWith("/front_motion/config") && m.payload().length > 0, 30_000);
        assertNotNull("a camera that comes back is announced again", back);
    }

    /** The synthetic camera front at 320x240, and its detector with a short event gap. */
    private void configureFrontCamera() throws java.io.IOException {
        Dictionary<String, Object> camera = new Hashtable<>();
        camera.put("name", "Front");
        camera.put("source", "synthetic");
        camera.put("width", 320);
        camera.put("height", 240);
        configurationAdmin.getFactoryConfiguration("nightjar.camera", "front", "?").update(camera);
        org.osgi.service.cm.Configuration motion = configurationAdmin.getFactoryConfiguration("nightjar.motion", "front", "?");
        if (motion.getProperties() == null) {
            motion.update(new Hashtable<>(Map.of("eventGapSeconds", 1.0)));
        }
    }

    private int pending() {
        ServiceReference<MqttBridge> reference = context.getServiceReference(MqttBridge.class);
        return reference == null ? -1 : context.getService(reference).pendingAlerts();
    }

    private Object bridgeProperty(String key) {
        ServiceReference<MqttBridge> reference = context.getServiceReference(MqttBridge.class);
        return reference == null ? null : reference.getProperty(key);
    }

    private <T> T service(Class<T> type) {
        try {
            var references = context.getServiceReferences(type, "(camera.id=front)");
            return references.isEmpty() ? null : context.getService(references.iterator().next());
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

}
