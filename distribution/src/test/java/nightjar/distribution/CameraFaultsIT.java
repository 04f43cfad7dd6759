package nightjar.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A camera whose file holds a bad value: it is listed in ERROR with the key and the allowed range,
 * the log says so in one line, and correcting the file starts it, without a restart.
 */
class CameraFaultsIT {
    private static final Pattern FRONT = Pattern.compile("\\{\"id\":\"front\"[^}]*\\}");
    private static Appliance appliance;

    @BeforeAll
    static void unpackAndStart() throws Exception {
        appliance = Appliance.unpack("camera-faults");
        appliance.configure("nightjar.camera-front.cfg", "source", "synthetic", "fps", "-5");
        appliance.startAnswering();
    }

    @AfterAll
    static void stop() throws Exception {
        if (appliance != null) {
            appliance.finish("camera faults");
        }
    }

    /** The camera front as {@code /cameras} lists it, or "" while it is not listed. */
    private static String front() throws Exception {
        Path body = Files.createTempFile("cameras", ".json");
        try {
            Commands.Result result = appliance.download("/cameras", body);
            assertEquals("200", result.stdout(), result.stderr());
            Matcher camera = FRONT.matcher(Files.readString(body));
            return camera.find() ? camera.group() : "";
        } finally {
            Files.delete(body);
        }
    }

    private static String awaitFront(String state) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String front;
        while (!(front = front()).contains("\"state\":\"" + state + "\"")) {
            assertTrue(System.nanoTime() < deadline, "front " + state + " within 30 s, is: " + front + "\n"
                    + appliance.printableLog());
            Thread.sleep(250);
        }
        return front;
    }

    @Test
    void aBadValueShowsTheCameraInErrorAndTheCorrectedFileStartsIt() throws Exception {
        String error = awaitFront("ERROR");
        assertTrue(error.contains("\"message\":\"invalid configuration: fps = -5: must be 1 to 60\""), error);
        String log = appliance.log();
        List<String> warnings = log.lines().filter(line -> line.contains("fps = -5")).toList();
        assertEquals(1, warnings.size(), "one line names the key, the value and the range:\n" + log);
        assertTrue(warnings.get(0).contains(" WARN ") && warnings.get(0).contains("must be 1 to 60"), warnings.get(0));
        assertTrue(log.lines().noneMatch(line -> line.contains("IllegalArgumentException")
                || line.startsWith("\tat ")), "no stack trace:\n" + log);
        assertEquals("503", appliance.curl("/cameras/front/snapshot.jpg").stdout(), "no picture while in ERROR");

        appliance.configure("nightjar.camera-front.cfg", "fps", "10");
        awaitFront("STREAMING");
        Path snapshot = Files.createTempFile("front", ".jpg");
        try {
            assertEquals("200", appliance.download("/cameras/front/snapshot.jpg", snapshot).stdout());
            byte[] jpeg = Files.readAllBytes(snapshot);
            assertTrue(jpeg.length > 100 && (jpeg[0] & 0xff) == 0xFF && (jpeg[1] & 0xff) == 0xD8, "a JPEG");
        } finally {
            Files.delete(snapshot);
        }
    }
}
