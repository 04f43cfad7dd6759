package nightjar.recorder.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nightjar.codec.theora.TheoraKeyframes;

/** The sidecar's text is read back by the recordings index after a restart: its fields and number style stay. */
class SidecarTest {
    @TempDir
    Path directory;

    @Test
    void aCompleteClipIsWrittenAndReadBack() throws IOException {
        Sidecar sidecar = new Sidecar("front", "20261201-073000-motion", "motion \"door\"\n",
                Instant.parse("2026-12-01T07:30:00.123Z"), Instant.parse("2026-12-01T07:31:12Z"), 1083, 2, 0.412345678, true);
        assertEquals("{\"camera\":\"front\",\"name\":\"20261201-073000-motion\",\"reason\":\"motion \\\"door\\\"\\n\","
                + "\"start\":\"2026-12-01T07:30:00.123Z\",\"end\":\"2026-12-01T07:31:12Z\",\"frames\":1083,"
                + "\"droppedFrames\":2,\"peakScore\":0.41235,\"recovered\":true}\n", sidecar.toJson());
        Path file = directory.resolve("clip.json");
        sidecar.write(file);
        assertEquals(new Sidecar("front", "20261201-073000-motion", "motion \"door\"\n",
                Instant.parse("2026-12-01T07:30:00.123Z"), Instant.parse("2026-12-01T07:31:12Z"), 1083, 2, 0.41235, true),
                Sidecar.read(file));
    }

    @Test
    void theKeyframesAreWrittenAndReadBack() throws IOException {
        Sidecar sidecar = new Sidecar("front", "n", "manual", Instant.parse("2026-12-01T07:30:00Z"),
                Instant.parse("2026-12-01T07:30:25Z"), 375, 0, 0, false, List.of(new TheoraKeyframes.Keyframe(0, 0, 4410),
                        new TheoraKeyframes.Keyframe(150, 10, 81234), new TheoraKeyframes.Keyframe(301, 20.066666, 160001)));
        assertTrue(sidecar.toJson().endsWith(",\"recovered\":false,\"keyframes\":[[0,0.000,4410],[150,10.000,81234],"
                + "[301,20.067,160001]]}\n"), sidecar.toJson());
        Path file = directory.resolve("clip.json");
        sidecar.write(file);
        Sidecar read = Sidecar.read(file);
        assertEquals(List.of(0L, 150L, 301L), read.keyframes().stream().map(TheoraKeyframes.Keyframe::frame).toList());
        assertEquals(List.of(4410L, 81234L, 160001L), read.keyframes().stream().map(TheoraKeyframes.Keyframe::offset).toList());
        assertEquals(20.067, read.keyframes().get(2).seconds(), 1e-9);
    }

    /** Damaged keyframes are none (the video is read for them), and the clip keeps the sidecar's other facts. */
    @Test
    void damagedKeyframesAreNoneAndTheRestIsKept() throws IOException {
        for (String keyframes : new String[] {"[[0,\"x\",1]]", "[{}]", "[[0,0,100],[150,NaN,200]]", "[[0,0,100],[150,10,90]]",
                "[[0,0,100,5]]", "[[-1,0,100]]", "{\"a\":1}", "7"}) {
            Path file = Files.writeString(directory.resolve("keyframes.json"), "{\"camera\":\"front\",\"name\":\"n\","
                    + "\"reason\":\"m\",\"start\":\"2026-12-01T07:30:00Z\",\"frames\":42,\"keyframes\":" + keyframes
                    + ",\"peakScore\":0.5}", StandardCharsets.UTF_8);
            Sidecar read = Sidecar.read(file);
            assertEquals(List.of(), read.keyframes(), keyframes);
            assertEquals(42, read.frames(), keyframes);
            assertEquals(0.5, read.peakScore(), 1e-9, keyframes);
        }
        // A later recorder's members of other kinds are passed over.
        Path later = Files.writeString(directory.resolve("later.json"), "{\"camera\":\"front\",\"name\":\"n\","
                + "\"reason\":\"m\",\"start\":\"2026-12-01T07:30:00Z\",\"frames\":42,\"zones\":[[1,2]],\"more\":{\"a\":[]}}",
                StandardCharsets.UTF_8);
        assertEquals(42, Sidecar.read(later).frames());
    }

    @Test
    void aClipStillBeingRecordedHasNoEnd() throws IOException {
        Sidecar started = new Sidecar("front", "n", "manual", Instant.parse("2026-12-01T07:30:00Z"), null, 0, 0, 0, false);
        assertEquals("{\"camera\":\"front\",\"name\":\"n\",\"reason\":\"manual\",\"start\":\"2026-12-01T07:30:00Z\","
                + "\"end\":null,\"frames\":0,\"droppedFrames\":0,\"peakScore\":0.00000,\"recovered\":false}\n", started.toJson());
        Path file = directory.resolve("clip.json");
        started.write(file);
        assertEquals(started, Sidecar.read(file));
    }

    @Test
    void anOlderSidecarWithoutTheLaterFieldsIsRead() throws IOException {
        Path file = Files.writeString(directory.resolve("old.json"), " {\"camera\":\"front\", \"name\":\"n\", \"reason\":\"motion\","
                + " \"start\":\"2026-12-01T07:30:00Z\", \"end\":null, \"extra\":\"kept out\"}\n", StandardCharsets.UTF_8);
        assertEquals(new Sidecar("front", "n", "motion", Instant.parse("2026-12-01T07:30:00Z"), null, 0, 0, 0, false),
                Sidecar.read(file));
    }

    @Test
    void aDamagedSidecarIsAnIoException() throws IOException {
        for (String damaged : new String[] {"", "{\"camera\":\"front\",\"name\":\"n\",\"rea", "[1]",
                "{\"camera\":\"front\",\"name\":\"n\",\"reason\":\"m\",\"start\":\"yesterday\"}",
                "{\"camera\":\"front\",\"name\":\"n\",\"reason\":\"m\",\"start\":\"2026-12-01T07:30:00Z\",\"frames\":{}}",

                "{\"name\":\"n\",\"reason\":\"m\",\"start\":\"2026-12-01T07:30:00Z\"}"}) {
            Path file = Files.writeString(directory.resolve("damaged.json"), damaged, StandardCharsets.UTF_8);
            assertThrows(IOException.class, () -> Sidecar.read(file), damaged);
        }
    }
}
