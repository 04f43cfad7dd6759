package nightjar.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A component that refuses its configuration file at start is shown in {@code /api/system} with the
 * reason, and the corrected file brings it back without a restart. The recorder is the case: it has a
 * modified method, and Felix SCR alone would only call that method on the instance that is not there
 * and leave the recorder down until a restart; nightjar.config's ComponentRecovery activates it again.
 */
class ComponentRecoveryIT {
    private static final String RECORDER = "nightjar.recorder.internal.RecorderComponent";
    private static final String FAILED = "{\"component\":\"" + RECORDER + "\",\"configuration\":\"nightjar.recorder\","
            + "\"state\":\"failed\",\"message\":\"preRollSeconds must be 0 to 30, was 99\"}";
    private static Appliance appliance;

    @BeforeAll
    static void unpackAndStart() throws Exception {
        appliance = Appliance.unpack("component-recovery");
        appliance.configure("nightjar.recorder.cfg", "preRollSeconds", "99", "minFreeMB", "1");
        appliance.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (appliance != null) {
            appliance.finish("component recovery");
        }
    }

    private static String system() throws Exception {
        Path body = Files.createTempFile("system", ".json");
        try {
            Commands.Result result = appliance.download("/api/system", body);
            assertEquals("200", result.stdout(), result.stderr());
            return Files.readString(body);
        } finally {
            Files.delete(body);
        }
    }

    private static String awaitSystem(String what, Predicate<String> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String system;
        while (!wanted.test(system = system())) {
            assertTrue(System.nanoTime() < deadline, what + " within 30 s; /api/system: " + system + "\n"
                    + appliance.printableLog());
            Thread.sleep(250);
        }
        return system;
    }

    private static String recordings() throws Exception {
        return appliance.curl("/cameras/front/recordings").stdout();
    }

    @Test
    void aRefusedValueIsShownAndTheCorrectedFileBringsTheRecorderBackWithoutARestart() throws Exception {
        awaitSystem("the recorder listed as failed", system -> system.contains(FAILED));
        assertEquals("404", recordings(), "no recorder, no recordings endpoint");

        // Still wrong: tried again, refused again, and said so in one line.
        appliance.configure("nightjar.recorder.cfg", "preRollSeconds", "31");
        String warning = appliance.awaitLogLine(line -> line.contains("ComponentRecovery") && line.contains(" WARN "), 30);
        assertTrue(warning.endsWith(RECORDER + " failed with configuration nightjar.recorder: "
                + "preRollSeconds must be 0 to 30, was 31"), warning);
        awaitSystem("the new reason listed", system -> system.contains(FAILED.replace("was 99", "was 31")));
        assertEquals("404", recordings());

        appliance.configure("nightjar.recorder.cfg", "preRollSeconds", "3");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!recordings().equals("200")) {
            assertTrue(System.nanoTime() < deadline, "the recorder back within 30 s; /api/system: " + system() + "\n"
                    + appliance.printableLog());
            Thread.sleep(250);
        }
        awaitSystem("the failure gone", system -> !system.contains(RECORDER));
        assertTrue(appliance.running(), "no restart");
        List<String> retries = appliance.log().lines().filter(line -> line.contains("Retrying " + RECORDER)).toList();
        assertEquals(2, retries.size(), "one line for each retry:\n" + appliance.printableLog());
        assertEquals(1, appliance.log().lines().filter(line -> line.contains("ComponentRecovery") && line.contains(" WARN "))
                .count(), "one line for the one failure:\n" + appliance.printableLog());
    }
}
