package nightjar.itests;

import static nightjar.itests.FrameworkChecks.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Dictionary;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import nightjar.api.motion.MotionDetector;
import nightjar.api.recording.Clip;
import nightjar.api.recording.Recorder;
import nightjar.api.recording.RecordingIndex;
import nightjar.api.recording.RecordingStatus;

/**
 * The recorder in the assembled framework: motion from the synthetic camera starts a clip, a manual
 * recording keeps it going, its end is in the index and on HTTPS; stopping the recorder bundle leaves
 * the stream running and its threads gone.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class RecorderFrameworkIT extends FrameworkTest {
    @Inject
    ServiceComponentRuntime components;

    private Https https;

    @Before
    public void configure() throws Exception {
        https = Https.onTestPort(context, configurationAdmin);
        Configurations.ifAbsent(configurationAdmin, "nightjar.recorder", "directory",
                Configurations.recordingsDirectory(context), "preRollSeconds", 1.0, "postRollSeconds", 1.0,
                "minFreeMB", 1.0);
        Configurations.syntheticFront(configurationAdmin, "fps", 15);
        Configurations.factoryIfAbsent(configurationAdmin, "nightjar.motion", "front", "eventGapSeconds", 1.0);
        await("a snapshot over HTTPS", () -> https.status("/cameras/front/snapshot.jpg") == 200);
    }

    @Test
    public void motionStartsAClipAManualRecordingKeepsItAndTheIndexServesIt() throws Exception {
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        Dictionary<String, Object> topics = Configurations.properties(EventConstants.EVENT_TOPIC,
                new String[] {"nightjar/recording/STARTED", "nightjar/recording/STOPPED"});
        ServiceRegistration<EventHandler> handler = context.registerService(EventHandler.class, events::add, topics);
        try {
            Recorder recorder = service(Recorder.class);
            MotionDetector motion = service(MotionDetector.class);
            motion.setDetecting(false);
            motion.setDetecting(true); // an event of its own at the figure's next crossing, after the handler is there
            // A clip of the motion before may stop first: the one wanted is the next to start.
            Event started = next(events, "nightjar/recording/STARTED");
            assertEquals("front", started.getProperty("camera"));
            assertEquals("motion", started.getProperty("reason"));
            String file = (String) started.getProperty("file");
            assertTrue(file, file.matches("front/\\d{4}-\\d{2}-\\d{2}/\\d{6}-motion(-\\d+)?\\.ogg"));

            recorder.startManual("front");
            await("the manual flag", () -> recorder.status("front").manual());
            motion.setDetecting(false); // the motion ends; the manual recording holds the clip open
            Thread.sleep(2500);
            RecordingStatus status = recorder.status("front");
            assertTrue("still recording past the post-roll", status.recording());
            assertEquals("motion", status.reason());
            assertNotNull(status.clip());
            assertTrue(status.clip().frames() > 0);

            recorder.stopManual("front");
            Event stopped = next(events, "nightjar/recording/STOPPED");
            assertEquals(file, stopped.getProperty("file"));
            assertFalse(recorder.status("front").recording());

            RecordingIndex index = service(RecordingIndex.class);
            List<Clip> clips = index.clips("front", Instant.EPOCH, Instant.now().plusSeconds(60));
            String name = file.substring("front/".length(), file.length() - ".ogg".length());
            Clip clip = clips.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
            assertTrue(clip.bytes() > 0);
            assertTrue(clip.poster());
            assertTrue(recorder.storage().freeBytes() > 0);

            HttpURLConnection list = https.open("/cameras/front/recordings");
            assertEquals(200, list.getResponseCode());
            try (InputStream in = list.getInputStream()) {
                String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(json, json.contains("\"name\":\"" + name + "\""));
            }
            HttpURLConnection video = https.open("/cameras/front/recordings/" + name + ".ogg");
            video.setRequestProperty("Range", "bytes=0-3");
            assertEquals(206, video.getResponseCode());
            try (InputStream in = video.getInputStream()) {
                assertEquals("OggS", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
            }
            motion.setDetecting(true);
        } finally {
            handler.unregister();
        }
    }

    @Test
    public void stoppingTheRecorderLeavesTheStreamAndTakesItsThreads() throws Exception {
        Bundle recorder = FrameworkChecks.bundle(context, "nightjar.recorder");
        recorder.stop();
        try {
            assertEquals(200, https.status("/cameras/front/snapshot.jpg"));
            assertEquals(404, https.status("/cameras/front/recordings"));
            await("the recorder's threads to end", () -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("nightjar-recorder")));
        } finally {
            recorder.start();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int last = https.status("/cameras/front/recordings");
        while (last != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            last = https.status("/cameras/front/recordings");
        }
        assertEquals("the recordings endpoint back; the recorder's components: " + recorderComponents(), 200, last);
        assertTrue(service(Recorder.class).status("front") != null);
    }

    /** Up to 45 s: the synthetic figure, the motion, walks through every 30 s. */
    private static Event next(BlockingQueue<Event> events, String topic) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        while (System.nanoTime() < deadline) {
            Event event = events.poll(1, TimeUnit.SECONDS);
            if (event != null && event.getTopic().equals(topic)) {
                return event;
            }
        }
        throw new AssertionError("no " + topic + " within 45 s; the recorder's threads:\n" + recorderThreads());
    }

    @Test
    public void theRecorderAndTheMqttBridgeRunWhetherOrNotTheirServicesAreUsed() {
        // A delayed component is deactivated when the last user of its services lets go; these must not be.
        for (String name : List.of("nightjar.recorder.internal.RecorderComponent",
                "nightjar.mqtt.internal.MqttComponent")) {
            String bundle = name.substring(0, name.indexOf(".internal"));
            ComponentDescriptionDTO description = components.getComponentDescriptionDTO(
                    FrameworkChecks.bundle(context, bundle), name);
            assertNotNull(name, description);
            assertTrue(name + " is immediate", description.immediate);
            for (ComponentConfigurationDTO configuration : components.getComponentConfigurationDTOs(description)) {
                assertEquals(name + " is active", ComponentConfigurationDTO.ACTIVE, configuration.state);
            }
        }
    }

    /** The recorder's components as Declarative Services sees them, for a failure's message. */
    private String recorderComponents() {
        StringBuilder states = new StringBuilder();
        for (ComponentDescriptionDTO description : components.getComponentDescriptionDTOs(FrameworkChecks.bundle(context, "nightjar.recorder"))) {
            for (ComponentConfigurationDTO configuration : components.getComponentConfigurationDTOs(description)) {
                states.append(description.name).append(" state ").append(configuration.state).append(' ')
                        .append(configuration.failure).append('\n');
            }
        }
        return states + recorderThreads();
    }

    /** What the recorder's threads are doing, for a failure's message. */
    private static String recorderThreads() {
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().startsWith("nightjar-recorder") || thread.getName().startsWith("nightjar-camera")) {
                dump.append(thread.getName()).append(' ').append(thread.getState()).append('\n');
                for (StackTraceElement frame : stack) {
                    dump.append("    at ").append(frame).append('\n');
                }
            }
        });
        return dump.toString();
    }

    private <T> T service(Class<T> type) throws InterruptedException {
        await(type.getSimpleName(), () -> context.getServiceReference(type) != null);
        ServiceReference<T> reference = context.getServiceReference(type);
        return context.getService(reference);
    }

}
