package nightjar.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The GPIO bundle in the unpacked tarball, driven the way a person does: through
 * {@code config/nightjar.gpio.cfg}. On this machine (no GPIO) {@code provider = auto} must say it
 * takes the mock provider, an edit must apply live, and a refused edit must say why in the log
 * while the camera goes on serving.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GpioDistributionIT {
    private static final int WAIT_SECONDS = 60;
    /** The component's refusal as the log shows it: the framework's line and the reason, one line, no stack trace. */
    private static final String REFUSED = "The activate method has thrown an exception: ledPin and irPin are both GPIO 18";
    private static Appliance appliance;
    private static Path config;
    private static String original;

    @BeforeAll
    static void unpackAndStart() throws Exception {
        appliance = Appliance.unpack("gpio");
        config = appliance.home().resolve("config/nightjar.gpio.cfg");
        original = Files.readString(config);
        appliance.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (appliance == null) {
            return;
        }
        String output = appliance.finish("GPIO");
        List<String> errors = Appliance.errors(output);
        assertEquals(1, errors.size(), "one error, the refused configuration: " + errors);
        assertTrue(output.contains(REFUSED), "the error says why");
        assertTrue(output.lines().noneMatch(line -> line.startsWith("\tat ")), "no stack trace");
    }

    @Test
    @Order(1)
    void theShippedConfigurationTakesTheMockProviderAndSaysSo() throws Exception {
        awaitLine(line -> line.contains("GPIO: mock provider (provider = auto, and this is not a Raspberry Pi"));
        awaitLine(line -> line.contains("IR illumination: AUTO follows the brightness of camera front"));
        assertTrue(appliance.log().lines().noneMatch(line -> line.contains("com.pi4j")),
                "Pi4J's own chatter stays out of the log");
    }

    @Test
    @Order(2)
    void anEditAppliesLive() throws Exception {
        Files.writeString(config, original.replace("mode = AUTO", "mode = ON"));
        awaitLine(line -> line.contains("IR illumination on, IR-cut filter out (night view) (mode ON)"));
    }

    @Test
    @Order(3)
    void aRefusedEditSaysWhyAndNothingElseStops() throws Exception {
        Files.writeString(config, original.replace("ledPin = 17", "ledPin = 18"));
        awaitLine(line -> count(REFUSED) > 0);
        assertTrue(appliance.running());
        long providers = count("GPIO: mock provider");
        Files.writeString(config, original);
        awaitLine(line -> count("GPIO: mock provider") > providers);
    }

    /** How often the text stands in the log (it may span lines). */
    private static long count(String text) {
        try {
            String output = appliance.log();
            long found = 0;
            for (int at = output.indexOf(text); at >= 0; at = output.indexOf(text, at + 1)) {
                found++;
            }
            return found;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void awaitLine(Predicate<String> wanted) throws Exception {
        appliance.awaitLogLine(wanted, WAIT_SECONDS);
    }
}
