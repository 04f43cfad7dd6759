package nightjar.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import nightjar.mqtt.testing.JsonReader;
import nightjar.mqtt.testing.Mosquitto;

/**
 * A new user's first minutes: the tarball as shipped (synthetic camera, motion detection and recording at
 * their defaults), with only an MQTT broker added. The synthetic figure walks through 3 s after the camera
 * starts and every 30 s after that, so within about 90 s MQTT says motion ON and then OFF, and the
 * recordings list a finished motion clip with its poster.
 */
class SceneCycleIT {
    private static final String BASE = "scene/nightjar";
    /** From the camera's first frame: the first crossing, or the second if the detector started late, and its clip. */
    private static final long FIRST_MINUTES_NANOS = TimeUnit.SECONDS.toNanos(90);
    private static final Pattern CLIP = Pattern.compile(
            "\\{[^{}]*\"name\":\"(\\d{4}-\\d{2}-\\d{2}/\\d{6}-motion(-\\d+)?)\"[^{}]*\\}");

    private static Mosquitto broker;
    private static Appliance appliance;
    private static Mosquitto.Subscriber motion;
    private static long cameraStarted;

    @BeforeAll
    static void startAsShippedWithABroker() throws Exception {
        appliance = Appliance.unpack("scene-cycle");
        broker = Mosquitto.start(appliance.home().getParent().resolve("mosquitto"));
        appliance.configure("nightjar.mqtt.cfg", "broker", broker.tlsUri(), "caFile", broker.caFile().toString(),
                "username", Mosquitto.USER, "password", broker.password(), "baseTopic", BASE);
        motion = broker.subscribe(null, BASE + "/front/motion", BASE + "/front/event");
        appliance.start();
        // The snapshot answers: the camera makes frames.
        cameraStarted = System.nanoTime();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (appliance != null) {
                assertEquals(List.of(), Appliance.errors(appliance.finish("scene cycle")));
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    @Test
    void withTheDefaultsMotionStartsAndEndsAndAFinishedClipWithAPosterIsListed() throws Exception {
        Mosquitto.Message on = motion.next(m -> m.topic().equals(BASE + "/front/motion") && m.text().equals("ON"),
                remainingMillis());
        assertNotNull(on, "motion ON within 90 s of the camera's start:\n" + appliance.printableLog());
        Mosquitto.Message off = motion.next(m -> m.topic().equals(BASE + "/front/motion"), remainingMillis());
        assertNotNull(off, "motion ended within 90 s of the camera's start:\n" + appliance.printableLog());
        assertEquals("OFF", off.text());
        Mosquitto.Message end = motion.next(m -> m.topic().equals(BASE + "/front/event"), 10_000);
        assertNotNull(end, "the event's end comes with motion OFF");
        Map<String, Object> event = JsonReader.object(end.text());
        assertEquals("end", event.get("type"));
        assertEquals("front", event.get("camera"));

        Matcher clip = finishedClipWithPoster();
        String name = clip.group(1);
        Path poster = appliance.home().getParent().resolve("poster.jpg");
        assertEquals("200", appliance.download("/cameras/front/recordings/" + name + ".jpg", poster).stdout());
        BufferedImage picture = ImageIO.read(poster.toFile());
        assertNotNull(picture, "the poster is a JPEG");
        assertEquals(640, picture.getWidth());
        assertEquals(480, picture.getHeight());
        Path video = appliance.home().resolve("recordings/front/" + name + ".ogg");
        Commands.Result probe = Commands.run(appliance.home(), List.of("ffprobe", "-v", "error", "-show_entries",
                "stream=codec_name,width,height", "-of", "csv=p=0", video.toString()));
        assertEquals("theora,640,480", probe.stdout().trim(), probe.stderr());
    }

    /** Polls the recordings of camera front until one is a finished motion clip with a poster. */
    private static Matcher finishedClipWithPoster() throws Exception {
        String listing = "";
        while (System.nanoTime() - cameraStarted < FIRST_MINUTES_NANOS) {
            Path list = appliance.home().getParent().resolve("recordings.json");
            assertEquals("200", appliance.download("/cameras/front/recordings", list).stdout());
            listing = Files.readString(list);
            Matcher clip = CLIP.matcher(listing);
            while (clip.find()) {
                Path video = appliance.home().resolve("recordings/front/" + clip.group(1) + ".ogg");
                // Finished: it has an end and its .ogg (no longer .ogg.part); and its poster.
                if (clip.group().contains("\"end\":\"") && clip.group().contains("\"poster\":\"") && Files.exists(video)) {
                    return clip;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no finished motion clip with a poster within 90 s of the camera's start: "
                + listing + "\n" + appliance.printableLog());
    }

    private static long remainingMillis() {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(FIRST_MINUTES_NANOS - (System.nanoTime() - cameraStarted)));
    }
}
