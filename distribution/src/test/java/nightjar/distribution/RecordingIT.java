package nightjar.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Recording as a power cut meets it: the distribution records the synthetic camera's motion, is
 * killed with SIGKILL in the middle of a clip, and the cut-off file plays; the next start makes it a
 * finished clip, served with byte ranges by the recordings endpoint, which refuses every path that
 * is not one of its clips.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecordingIT {
    private static final Pattern RECORDING = Pattern.compile("Camera front: recording (front/(\\S+)\\.ogg) \\(motion\\)");
    private static Appliance appliance;
    private static String clip;

    @BeforeAll
    static void start() throws Exception {
        appliance = Appliance.unpack("recording");
        appliance.configure("nightjar.recorder.cfg", "preRollSeconds", "2", "postRollSeconds", "2", "minFreeMB", "1");
        appliance.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (appliance == null) {
            return;
        }
        assertEquals(List.of(), Appliance.errors(appliance.finish("recording")));
    }

    private static Path recordings() {
        return appliance.home().resolve("recordings");
    }

    @Test
    @Order(1)
    void aClipKilledWithSigkillPlaysUpToTwoSecondsBeforeTheKillAndIsKeptOnTheNextStart() throws Exception {
        // The synthetic figure walks through 3 s after the camera starts, then every 30 s: the motion detector
        // starts an event, the recorder a clip that lasts at least the crossing, the event gap and the post-roll.
        Matcher started = RECORDING.matcher(appliance.awaitLogLine(line -> RECORDING.matcher(line).find(), 60));
        assertTrue(started.find());
        clip = started.group(2);
        Path part = recordings().resolve(started.group(1) + ".part");
        Path sidecar = recordings().resolve("front/" + clip + ".json");
        assertTrue(Files.exists(part), part + " is being written");
        Thread.sleep(6000);
        Instant killed = Instant.now();
        appliance.kill();

        Path copy = Files.createTempFile("cut-off", ".ogg");
        Files.copy(part, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Commands.Result decode = Commands.run(appliance.home(), List.of("ffmpeg", "-nostdin", "-v", "error",
                "-xerror", "-i", copy.toString(), "-f", "null", "-"));
        assertEquals(0, decode.exitCode(), decode.stderr());
        assertEquals("", decode.stderr().trim(), "the cut-off file decodes without error");
        String sidecarText = Files.readString(sidecar);
        Matcher start = Pattern.compile("\"start\":\"([^\"]+)\"").matcher(sidecarText);
        assertTrue(start.find(), sidecarText);
        double recorded = Duration.between(Instant.parse(start.group(1)), killed).toMillis() / 1000.0;
        double playable = duration(copy);
        assertTrue(playable >= recorded - 2, "the clip plays " + playable + " s of the " + recorded
                + " s recorded before the kill");
        Files.delete(copy);

        appliance.start();
        Path video = recordings().resolve("front/" + clip + ".ogg");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(video) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(Files.exists(video), "the leftover became a clip:\n" + appliance.printableLog());
        assertFalse(Files.exists(part));
        assertTrue(Files.readString(sidecar).contains("\"recovered\":true"), Files.readString(sidecar));
        assertTrue(duration(video) >= recorded - 2);
    }

    @Test
    @Order(2)
    void theRecordingsEndpointListsTheClipAndServesItWithByteRanges() throws Exception {
        Path list = Files.createTempFile("recordings", ".json");
        Commands.Result listed = appliance.download("/cameras/front/recordings", list);
        assertEquals("200", listed.stdout(), listed.stderr());
        String json = Files.readString(list);
        assertTrue(json.startsWith("[") && json.contains("\"name\":\"" + clip + "\""), json);
        assertTrue(json.contains("\"video\":\"/cameras/front/recordings/" + clip + ".ogg\""), json);

        byte[] onDisk = Files.readAllBytes(recordings().resolve("front/" + clip + ".ogg"));
        Path whole = Files.createTempFile("clip", ".ogg");
        assertEquals("200", appliance.download("/cameras/front/recordings/" + clip + ".ogg", whole).stdout());
        assertArrayEquals(onDisk, Files.readAllBytes(whole));
        assertEquals("theora", Commands.run(appliance.home(), List.of("ffprobe", "-v", "error", "-select_streams",
                "v:0", "-show_entries", "stream=codec_name", "-of", "csv=p=0", whole.toString())).stdout().trim());

        Path part = Files.createTempFile("range", ".bin");
        assertEquals("206", appliance.download("/cameras/front/recordings/" + clip + ".ogg", part, "-r", "100-1099")
                .stdout());
        assertArrayEquals(Arrays.copyOfRange(onDisk, 100, 1100), Files.readAllBytes(part));
        assertEquals("206", appliance.download("/cameras/front/recordings/" + clip + ".ogg", part, "-r", "-500")
                .stdout());
        assertArrayEquals(Arrays.copyOfRange(onDisk, onDisk.length - 500, onDisk.length), Files.readAllBytes(part));
        assertEquals("416", appliance.curl("/cameras/front/recordings/" + clip + ".ogg", "-r",
                onDisk.length + "-").stdout());

        // ffmpeg reads it over verified TLS, seeking by range to the middle.
        Commands.Result seek = Commands.run(appliance.home(), List.of("ffmpeg", "-nostdin", "-v", "error",
                "-ca_file", appliance.certificate().toString(), "-tls_verify", "1", "-ss", "2", "-i",
                "https://admin:" + appliance.password() + "@localhost" + appliance.url("").substring(
                        "https://localhost".length()) + "/cameras/front/recordings/" + clip + ".ogg",
                "-frames:v", "5", "-f", "null", "-"));
        assertEquals(0, seek.exitCode(), seek.stderr());

        Path poster = Files.createTempFile("poster", ".jpg");
        assertEquals("200", appliance.download("/cameras/front/recordings/" + clip + ".jpg", poster).stdout());
        assertNotNull(ImageIO.read(poster.toFile()), "the poster is a JPEG");
        for (Path file : List.of(list, whole, part, poster)) {
            Files.delete(file);
        }
    }

    @Test
    @Order(3)
    void pathsThatAreNotClipsAreRefusedAndNeverLeaveTheDirectory() throws Exception {
        Path body = Files.createTempFile("refused", ".txt");
        String day = clip.substring(0, 10);
        List<String> attempts = List.of(
                "/cameras/front/recordings/../../../data/accounts.properties",
                "/cameras/front/recordings/%2e%2e/%2e%2e/data/accounts.properties",
                "/cameras/front/recordings/" + day + "/..%2f..%2f..%2fdata%2faccounts.properties",
                "/cameras/front/recordings/" + day + "/%2e%2e%2f%2e%2e%2f%2e%2e%2fconfig%2fnightjar.recorder.cfg",
                "/cameras/front/recordings/" + day + "/000000-motion.ogg",
                "/cameras/front/recordings/" + day + "/123456-other.ogg",
                "/cameras/front/recordings/" + clip + ".ogg.part",
                "/cameras/front/recordings/" + clip + ".ogg/..",
                "/cameras/front/recordings/" + day + "//etc/passwd",
                "/cameras/front/recordings/" + clip.replace('/', '\\') + ".ogg",
                "/cameras/nosuch/recordings/" + clip + ".ogg",
                "/cameras/front/recordings?from=yesterday");
        for (String attempt : attempts) {
            Commands.Result result = appliance.download(attempt, body, "--path-as-is");
            assertTrue(List.of("400", "404").contains(result.stdout()), attempt + " gave " + result.stdout());
            String text = Files.readString(body, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertFalse(text.contains("admin") || text.contains("directory =") || text.contains("OggS"),
                    attempt + " leaked: " + text);
        }
        assertEquals("401", appliance.curl("/cameras/front/recordings", "-u", "admin:wrong").stdout());
        assertEquals("401", appliance.curl("/cameras/front/recordings/" + clip + ".ogg", "-u", "admin:wrong").stdout());
        Files.delete(body);
    }

    private static double duration(Path clipFile) throws Exception {
        Commands.Result probe = Commands.run(appliance.home(), List.of("ffprobe", "-v", "error", "-show_entries",
                "format=duration", "-of", "csv=p=0", clipFile.toString()));
        assertEquals(0, probe.exitCode(), probe.stderr());
        return Double.parseDouble(probe.stdout().trim());
    }
}
