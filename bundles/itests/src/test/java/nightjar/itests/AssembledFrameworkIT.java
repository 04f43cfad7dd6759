package nightjar.itests;

import static nightjar.itests.FrameworkChecks.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;
import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import nightjar.api.camera.Camera;
import nightjar.api.motion.MotionDetector;
import nightjar.api.motion.MotionStatus;

/**
 * Felix with the real bundles, as the distribution assembles them: what only the whole system shows.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class AssembledFrameworkIT extends FrameworkTest {
    private static final Set<String> NIGHTJAR = Set.of("nightjar.api", "nightjar.camera", "nightjar.config", "nightjar.security",
            "nightjar.stream", "nightjar.motion", "nightjar.recorder", "nightjar.gpio",
            "nightjar.mqtt", "nightjar.web", "nightjar.mdns", "nightjar.onvif", "nightjar.rtsp");

    @Inject
    ServiceComponentRuntime components;

    private Https https;

    @Before
    public void configure() throws Exception {
        https = Https.onTestPort(context, configurationAdmin);
        Configurations.syntheticFront(configurationAdmin, "name", "Front", "fps", 30);
        Configurations.factoryIfAbsent(configurationAdmin, "nightjar.motion", "front", "eventGapSeconds", 1.0);
        await("a snapshot over HTTPS", () -> https.status("/cameras/front/snapshot.jpg") == 200);
    }

    @Test
    public void everyBundleIsActiveAndEveryComponentSatisfied() {
        List<String> notActive = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            boolean fragment = bundle.getHeaders().get("Fragment-Host") != null;
            if (!fragment && bundle.getState() != Bundle.ACTIVE) {
                notActive.add(bundle.getSymbolicName() + " " + bundle.getState());
            }
        }
        assertEquals("bundles not ACTIVE", List.of(), notActive);
        Set<String> present = List.of(context.getBundles()).stream().map(Bundle::getSymbolicName).collect(Collectors.toSet());
        assertTrue("Nightjar bundles installed: " + present, present.containsAll(NIGHTJAR));

        List<String> unhappy = new ArrayList<>();
        for (ComponentDescriptionDTO description : components.getComponentDescriptionDTOs()) {
            if (!NIGHTJAR.contains(description.bundle.symbolicName)) {
                continue;
            }
            for (ComponentConfigurationDTO configuration : components.getComponentConfigurationDTOs(description)) {
                if (configuration.state != ComponentConfigurationDTO.ACTIVE
                        && configuration.state != ComponentConfigurationDTO.SATISFIED) {
                    unhappy.add(description.name + " state " + configuration.state + " " + configuration.failure);
                }
            }
        }
        assertEquals("Nightjar components not satisfied", List.of(), unhappy);
    }

    @Test
    public void framesFlowFromTheSyntheticCameraToAStreamingClient() throws Exception {
        HttpURLConnection connection = https.open("/cameras/front/stream.mjpg");
        assertEquals(200, connection.getResponseCode());
        assertTrue(connection.getContentType().startsWith("multipart/x-mixed-replace;boundary="));
        try (Https.PartReader parts = new Https.PartReader(connection.getInputStream())) {
            for (int i = 0; i < 10; i++) {
                byte[] jpeg = parts.next();
                assertNotNull("a picture", jpeg);
                assertEquals(0xFF, jpeg[0] & 0xff);
                assertEquals(0xD8, jpeg[1] & 0xff);
            }
        }
    }

    @Test
    public void aConfigurationChangeAppliesLiveWithoutRestartingTheCamera() throws Exception {
        ServiceReference<Camera> before = cameraReference();
        Camera camera = context.getService(before);
        try {
            org.osgi.service.cm.Configuration configuration =
                    configurationAdmin.getFactoryConfiguration("nightjar.camera", "front", "?");
            Dictionary<String, Object> properties = configuration.getProperties();
            properties.put("width", 160);
            properties.put("height", 120);
            properties.put("fps", 10);
            configuration.update(properties);
            await("frames of the new size", () -> {
                var frame = camera.latestFrame();
                return frame != null && frame.width() == 160 && frame.height() == 120;
            });
            await("the new rate", () -> Math.abs(camera.status().fps() - 10) < 2);
            assertEquals("the same camera service, not a restart", before.getProperty("service.id"),
                    cameraReference().getProperty("service.id"));

            properties.put("width", 320);
            properties.put("height", 240);
            properties.put("fps", 30);
            configuration.update(properties);
            await("frames of the first size again", () -> {
                var frame = camera.latestFrame();
                return frame != null && frame.width() == 320;
            });
        } finally {
            context.ungetService(before);
        }
    }

    @Test
    public void updatingTheStreamAndCameraBundlesWhileStreamingEndsStreamsCleanlyAndLeaksNothing() throws Exception {
        Bundle stream = FrameworkChecks.bundle(context, "nightjar.stream");
        Bundle camera = FrameworkChecks.bundle(context, "nightjar.camera");
        openStream().close();
        settle();
        List<String> threadsBefore = nightjarThreads();
        List<WeakReference<Object>> oldCameras = new ArrayList<>();

        for (int cycle = 0; cycle < 20; cycle++) {
            Bundle updated = cycle % 2 == 0 ? stream : camera;
            ServiceReference<Camera> reference = cameraReference();
            oldCameras.add(new WeakReference<>(context.getService(reference)));
            context.ungetService(reference);
            try (Https.PartReader parts = openStream()) {
                update(updated);
                try {
                    while (parts.next() != null) {
                        // The frames already on their way, then the end of the response.
                    }
                } catch (IOException e) {
                    throw new AssertionError("cycle " + cycle + ": updating " + updated.getSymbolicName()
                            + " broke the stream instead of ending it", e);
                }
            }
            openStream().close();
        }

        settle();
        assertEquals("Nightjar threads after 20 updates", threadsBefore, nightjarThreads());
        for (int attempt = 0; attempt < 20 && oldCameras.stream().anyMatch(r -> r.get() != null); attempt++) {
            System.gc();
            Thread.sleep(100);
        }
        long alive = oldCameras.stream().filter(r -> r.get() != null).count();
        // Cameras of older bundle revisions, with their frame hubs and frames, must be collectable;
        // only the current camera instance may still be reachable.
        assertTrue(alive + " cameras of old bundle revisions are still reachable", alive <= 1);
    }

    @Test
    public void theDetectorSeesTheSyntheticBallPostsEventsAndShowsAdminsWhatItSees() throws Exception {
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        Dictionary<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC, "nightjar/motion/*");
        ServiceRegistration<EventHandler> listener = context.registerService(EventHandler.class, events::add, topics);
        MotionDetector detector = motionDetector();
        try {
            // The synthetic figure walks through every 30 s: an event starts at the next crossing.
            detector.setDetecting(false);
            assertFalse(detector.status().detecting());
            detector.setDetecting(true);
            Event started = next(events, "nightjar/motion/STARTED");
            assertNotNull("motion started", started);
            assertEquals("nightjar/motion/STARTED", started.getTopic());
            assertEquals("front", started.getProperty("camera"));
            double score = (Double) started.getProperty("score");
            assertTrue("score " + score, score > 0 && score < 0.5);
            assertTrue(String.valueOf(started.getProperty("regions")),
                    String.valueOf(started.getProperty("regions")).matches("\\[\\{\"x\":0\\.\\d{4},\"y\".*\\}\\]"));
            long age = System.currentTimeMillis() - (Long) started.getProperty("timestamp");
            assertTrue("timestamp " + age + " ms ago", age >= 0 && age < 30_000);
            MotionStatus status = detector.status();
            assertTrue(status.detecting() && status.motion() && status.analysedFrames() > 0);

            detector.setDetecting(false);
            Event ended = next(events, "nightjar/motion/ENDED");
            assertNotNull("switching detection off ends the event", ended);
            assertEquals("nightjar/motion/ENDED", ended.getTopic());
            assertTrue((Long) ended.getProperty("duration") >= 0);
            assertFalse(detector.status().motion());
        } finally {
            detector.setDetecting(true);
            listener.unregister();
        }

        HttpURLConnection connection = https.open("/cameras/front/motion.mjpg");
        assertEquals(200, connection.getResponseCode());
        assertTrue(connection.getContentType().startsWith("multipart/x-mixed-replace;boundary="));
        try (Https.PartReader parts = new Https.PartReader(connection.getInputStream())) {
            BufferedImage picture = ImageIO.read(new ByteArrayInputStream(parts.next()));
            assertEquals(320, picture.getWidth());
            assertEquals(240, picture.getHeight());
        }
    }

    @Test
    public void stoppingTheMotionBundleLeavesTheCameraAndStreamsRunning() throws Exception {
        Bundle motion = FrameworkChecks.bundle(context, "nightjar.motion");
        motion.stop();
        try {
            assertEquals(404, https.status("/cameras/front/motion.mjpg"));
            assertEquals(200, https.status("/cameras/front/snapshot.jpg"));
            try (Https.PartReader parts = openStream()) {
                assertNotNull(parts.next());
            }
        } finally {
            motion.start();
        }
        assertTrue(motionDetector().status().detecting());
        await("the motion view back", () -> https.status("/cameras/front/motion.mjpg") == 200);
    }

    /**
     * The next event on the topic, skipping others (an ENDED posted before the test's own STARTED); up to
     * 45 s, as the synthetic figure walks through every 30 s.
     */
    private static Event next(BlockingQueue<Event> events, String topic) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        while (true) {
            Event event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null || event.getTopic().equals(topic)) {
                return event;
            }
        }
    }

    private MotionDetector motionDetector() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            var references = context.getServiceReferences(MotionDetector.class, "(camera.id=front)");
            if (!references.isEmpty()) {
                return context.getService(references.iterator().next());
            }
            assertTrue("motion detector of front registered", System.nanoTime() < deadline);
            Thread.sleep(20);
        }
    }

    /**
     * Opens the stream of camera front and reads its first frame, retrying for up to 2 s while the
     * servlet or camera is being replaced.
     */
    private Https.PartReader openStream() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (true) {
            HttpURLConnection connection = https.open("/cameras/front/stream.mjpg");
            try {
                if (connection.getResponseCode() == 200) {
                    Https.PartReader parts = new Https.PartReader(connection.getInputStream());
                    if (parts.next() != null) {
                        return parts;
                    }
                    parts.close();
                }
            } catch (IOException notServedYet) {
                // The HTTP service is re-registering the servlet.
            }
            connection.disconnect();
            if (System.nanoTime() > deadline) {
                fail("no stream within 2 s");
            }
            Thread.sleep(20);
        }
    }

    private void update(Bundle bundle) throws Exception {
        bundle.update();
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        assertTrue(refreshed.await(30, TimeUnit.SECONDS));
    }

    private ServiceReference<Camera> cameraReference() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            var references = context.getServiceReferences(Camera.class, "(camera.id=front)");
            if (!references.isEmpty()) {
                return references.iterator().next();
            }
            assertTrue("camera front registered", System.nanoTime() < deadline);
            Thread.sleep(20);
        }
    }

    private static List<String> nightjarThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter(n -> n.startsWith("nightjar-"))
                .sorted().collect(Collectors.toList());
    }

    /** Waits until the thread count has been steady for a while: pools wind down after a stream ends. */
    private static void settle() throws InterruptedException {
        int last = -1;
        for (int steady = 0; steady < 5;) {
            Thread.sleep(200);
            int now = nightjarThreads().size();
            steady = now == last ? steady + 1 : 0;
            last = now;
        }
    }

}
