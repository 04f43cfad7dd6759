package nightjar.recorder.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nightjar.api.camera.Frame;

/** Clips cut off at any byte (a torn write) become playable clips with the frames before the cut. */
class PartRecoveryTest {
    @TempDir
    Path directory;

    @Test
    void aClipCutAtAnyByteKeepsItsWholePagesAndDecodes() throws Exception {
        TestFrames camera = new TestFrames(10);
        Recorders.Log log = new Recorders.Log();
        CameraRecorder recorder = Recorders.recorder(Recorders.settings(directory), log);
        recorder.manual(true);
        for (int i = 0; i < 60; i++) {
            recorder.frame(camera.frame(i), 0, 0);
        }
        recorder.shutdown();
        ClipFiles finished = new ClipFiles(directory, "front", log.stopped.get(0).name());
        byte[] whole = Files.readAllBytes(finished.video());
        double fullLength = Media.duration(finished.video());

        for (double cut : new double[] {0.75, 0.9, 0.99}) {
            ClipFiles files = new ClipFiles(directory, "front", "2026-12-01/100000-manual-" + (int) (cut * 100));
            Files.write(files.part(), Arrays.copyOf(whole, (int) (whole.length * cut)));
            assertEquals(PartRecovery.Outcome.KEPT, PartRecovery.recover(files, ZoneOffset.UTC));
            assertFalse(Files.exists(files.part()));
            double duration = Media.duration(files.video());
            assertTrue(duration > 0 && duration < fullLength, cut + ": " + duration + " of " + fullLength);
            Media.decode(files.video());
            Sidecar sidecar = Sidecar.read(files.sidecar());
            assertTrue(sidecar.recovered());
            assertEquals(duration, sidecar.frames() / 10.0, 0.15, "the sidecar counts the frames kept");
            assertEquals(TestFrames.EPOCH, sidecar.start(), "from the clip's name when no sidecar was written");
        }

        ClipFiles headersOnly = new ClipFiles(directory, "front", "2026-12-01/100000-manual-2");
        Files.write(headersOnly.part(), Arrays.copyOf(whole, 100));
        assertEquals(PartRecovery.Outcome.DELETED, PartRecovery.recover(headersOnly, ZoneOffset.UTC));
        assertFalse(Files.exists(headersOnly.part()));
    }

    @Test
    void aClipCutOffByACrashIsRecoveredWithItsPeakScoreAndThePosterOfItsPeakFrame() throws Exception {
        TestFrames camera = new TestFrames(10);
        Recorders.Log log = new Recorders.Log();
        RecorderSettings settings = Recorders.settings(directory);
        CameraRecorder recorder = Recorders.recorder(settings, log);
        recorder.manual(true);
        Frame peak = camera.frame(20);
        for (int i = 0; i < 60; i++) {
            Frame frame = i == 20 ? peak : camera.frame(i);
            recorder.frame(frame, i == 20 ? 0.25 : 0.01 + i / 1000.0 % 0.05, 0);
        }
        // The process dies here: the clip is neither finished nor closed. The next start recovers it.
        ClipFiles files = new ClipFiles(directory, "front", log.started.get(0));
        assertTrue(Files.exists(files.part()));
        new Storage(settings, new RecordingStore(directory, ZoneOffset.UTC), Clock.systemUTC(), cut -> false,
                (held, why) -> { }, (topic, properties) -> { }).recoverLeftovers();

        assertTrue(Files.exists(files.video()));
        Sidecar sidecar = Sidecar.read(files.sidecar());
        assertTrue(sidecar.recovered());
        assertEquals(0.25, sidecar.peakScore(), 1e-5, "the clip's real peak score");
        byte[] peakJpeg = new byte[peak.jpegLength()];
        peak.jpeg().get(peakJpeg);
        assertArrayEquals(peakJpeg, Files.readAllBytes(files.poster()), "the poster is the frame of the peak");
        recorder.shutdown();
    }

    @Test
    void clipNamesFromRequestsAreAcceptedOnlyInTheRecordersOwnForm() {
        for (String good : new String[] {"2026-12-01/100000-motion", "2026-12-01/235959-manual-2",
                "2026-12-01/000000-continuous-999"}) {
            assertTrue(ClipFiles.parse(directory, "front", good).isPresent(), good);
        }
        for (String bad : new String[] {"../2026-12-01/100000-motion", "2026-12-01/../100000-motion",
                "2026-12-01/100000-motion/..", "2026-12-01\\100000-motion", "2026-12-01/100000-motion.ogg",
                "2026-12-01/100000-other", "2026-12-01/100000-motion-1", "2026-12-01/100000-motion-01", "",
                "/etc/passwd", "2026-12-01//100000-motion", "2026-12-01/1000000-motion"}) {
            assertTrue(ClipFiles.parse(directory, "front", bad).isEmpty(), bad);
        }
        assertTrue(ClipFiles.parse(directory, "..", "2026-12-01/100000-motion").isEmpty());
        assertTrue(ClipFiles.parse(directory, "front/../..", "2026-12-01/100000-motion").isEmpty());
    }
}
