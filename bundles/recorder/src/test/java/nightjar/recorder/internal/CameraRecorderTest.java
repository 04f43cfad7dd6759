package nightjar.recorder.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nightjar.api.camera.Frame;
import nightjar.api.recording.Clip;
import nightjar.codec.theora.TheoraKeyframes;

/**
 * The recorder's clips from a synthetic camera at 10 fps and scripted motion events, checked on the
 * files with ffprobe and ffmpeg.
 */
class CameraRecorderTest {
    private static final int FPS = 10;
    @TempDir
    Path directory;
    private final TestFrames camera = new TestFrames(FPS);
    private final Recorders.Log log = new Recorders.Log();

    /** Feeds the frames from {@code fromSecond} up to (not including) {@code toSecond}. */
    private void feed(CameraRecorder recorder, double fromSecond, double toSecond) {
        for (int i = (int) Math.round(fromSecond * FPS); i < Math.round(toSecond * FPS); i++) {
            recorder.frame(camera.frame(i), i / (double) FPS % 3 / 10, 0);
        }
    }

    private Path video(Clip clip) {
        return new ClipFiles(directory, clip.cameraId(), clip.name()).video();
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    @Test
    void aMotionClipHoldsThePreRollAndThePostRollAndDecodes() throws Exception {
        CameraRecorder recorder = Recorders.recorder(
                Recorders.settings(directory, "preRollSeconds", 2, "postRollSeconds", 3), log);
        feed(recorder, 0, 6.2);
        // The detector's event names the first frame of motion; it arrives a little later.
        recorder.motionStarted(TestFrames.time(6.0));
        feed(recorder, 6.2, 9.1);
        recorder.motionEnded(TestFrames.time(9.0));
        feed(recorder, 9.1, 16);

        assertEquals(1, log.stopped.size(), log.why.toString());
        Clip clip = log.stopped.get(0);
        assertEquals("motion", clip.reason());
        assertEquals("2026-12-01/100004-motion", clip.name(), "named by its first frame: 2 s before the motion");
        assertEquals(4.0, seconds(TestFrames.EPOCH, clip.start()), 0.1, "the pre-roll's first frame");
        assertEquals(12.0, seconds(TestFrames.EPOCH, clip.end()), 0.15, "the post-roll's end");
        Path video = video(clip);
        assertEquals("theora", Media.codec(video));
        assertEquals(8.0, Media.duration(video), 0.2);
        assertEquals(80, Media.decode(video), 1);
        assertEquals(80, clip.frames(), 1);

        Sidecar sidecar = Sidecar.read(new ClipFiles(directory, "front", clip.name()).sidecar());
        assertEquals(clip.start(), sidecar.start());
        assertEquals(clip.end(), sidecar.end());
        assertEquals("front", sidecar.camera());
        assertEquals(0.29, sidecar.peakScore(), 1e-9, "the highest score fed in");
        assertFalse(sidecar.recovered());
        try (FileChannel channel = FileChannel.open(video)) {
            List<TheoraKeyframes.Keyframe> inVideo = TheoraKeyframes.scan(channel);
            assertFalse(inVideo.isEmpty());
            assertEquals(inVideo.stream().map(k -> k.frame() + "@" + k.offset()).toList(),
                    sidecar.keyframes().stream().map(k -> k.frame() + "@" + k.offset()).toList(),
                    "the keyframes noted as the clip was written are those in it");
        }
        byte[] poster = Files.readAllBytes(new ClipFiles(directory, "front", clip.name()).poster());
        assertEquals(TestFrames.WIDTH, ImageIO.read(new ByteArrayInputStream(poster)).getWidth());
        assertFalse(Files.exists(new ClipFiles(directory, "front", clip.name()).part()), "renamed when complete");
    }

    @Test
    void motionWithinThePostRollExtendsTheSameClip() throws Exception {
        CameraRecorder recorder = Recorders.recorder(
                Recorders.settings(directory, "preRollSeconds", 1, "postRollSeconds", 3), log);
        feed(recorder, 0, 5);
        recorder.motionStarted(TestFrames.time(5));
        feed(recorder, 5, 7);
        recorder.motionEnded(TestFrames.time(7));
        feed(recorder, 7, 9); // within the post-roll, which would end at 10
        recorder.motionStarted(TestFrames.time(9));
        feed(recorder, 9, 11);
        recorder.motionEnded(TestFrames.time(11));
        feed(recorder, 11, 16);

        assertEquals(1, log.started.size());
        assertEquals(1, log.stopped.size());
        Clip clip = log.stopped.get(0);
        assertEquals(4.0, seconds(TestFrames.EPOCH, clip.start()), 0.1);
        assertEquals(14.0, seconds(TestFrames.EPOCH, clip.end()), 0.15);
        assertEquals(10.0, Media.duration(video(clip)), 0.2);
    }

    @Test
    void anEndThatArrivesAfterTheNextStartIsIgnored() throws Exception {
        CameraRecorder recorder = Recorders.recorder(
                Recorders.settings(directory, "preRollSeconds", 0, "postRollSeconds", 1), log);
        feed(recorder, 0, 2);
        recorder.motionStarted(TestFrames.time(2));
        feed(recorder, 2, 4);
        // Posted from two threads: the new start overtook the end of the event before it.
        recorder.motionStarted(TestFrames.time(4));
        recorder.motionEnded(TestFrames.time(3.9));
        feed(recorder, 4, 8);
        assertTrue(recorder.status().recording(), "the motion that started at 4 s goes on");
        recorder.motionEnded(TestFrames.time(8));
        feed(recorder, 8, 10);
        assertEquals(1, log.stopped.size());
        assertEquals(9.0, seconds(TestFrames.EPOCH, log.stopped.get(0).end()), 0.15);
    }

    @Test
    void newMotionAfterThePostRollIsANewClip() throws Exception {
        CameraRecorder recorder = Recorders.recorder(
                Recorders.settings(directory, "preRollSeconds", 0, "postRollSeconds", 1), log);
        feed(recorder, 0, 2);
        recorder.motionStarted(TestFrames.time(2));
        feed(recorder, 2, 3);
        recorder.motionEnded(TestFrames.time(3));
        feed(recorder, 3, 6);
        recorder.motionStarted(TestFrames.time(6));
        feed(recorder, 6, 7);
        recorder.motionEnded(TestFrames.time(7));
        feed(recorder, 7, 10);
        assertEquals(List.of("2026-12-01/100002-motion", "2026-12-01/100006-motion"), log.started);
        assertEquals(2, log.stopped.size());
    }

    @Test
    void longMotionIsSplitAtTheMaximumLengthWithoutAGap() throws Exception {
        CameraRecorder recorder = Recorders.recorder(Recorders.settings(directory, "preRollSeconds", 2,
                "postRollSeconds", 1, "maxClipSeconds", 10), log);
        feed(recorder, 0, 3);
        recorder.motionStarted(TestFrames.time(3));
        feed(recorder, 3, 25);
        recorder.motionEnded(TestFrames.time(25));
        feed(recorder, 25, 28);

        assertEquals(3, log.stopped.size(), log.why.toString());
        assertEquals("the clip reached its maximum length", log.why.get(0));
        double total = 0;
        for (int i = 0; i < 3; i++) {
            Clip clip = log.stopped.get(i);
            double duration = Media.duration(video(clip));
            assertTrue(duration <= 10.05, clip.name() + " lasts " + duration);
            Media.decode(video(clip));
            total += duration;
            if (i > 0) {
                Instant previousEnd = log.stopped.get(i - 1).end();
                assertEquals(0.1, seconds(previousEnd, clip.start()), 0.01, "the next clip starts with the next frame");
            }
        }
        assertEquals(1.0, seconds(TestFrames.EPOCH, log.stopped.get(0).start()), 0.1);
        assertEquals(25.0, total, 0.3, "from the pre-roll at 1 s to the post-roll at 26 s");
    }

    @Test
    void manualRecordingStartsAndStopsByHandWithoutPreRoll() throws Exception {
        CameraRecorder recorder = Recorders.recorder(Recorders.settings(directory, "preRollSeconds", 3), log);
        feed(recorder, 0, 4);
        recorder.manual(true);
        assertTrue(recorder.status().manual());
        feed(recorder, 4, 7);
        assertTrue(recorder.status().recording());
        assertEquals("manual", recorder.status().reason());
        recorder.manual(false);
        feed(recorder, 7, 8);

        assertFalse(recorder.status().recording());
        assertNull(recorder.status().clip());
        Clip clip = log.stopped.get(0);
        assertEquals("manual", clip.reason());
        assertEquals("manual recording stopped", log.why.get(0));
        assertEquals(4.0, seconds(TestFrames.EPOCH, clip.start()), 0.01);
        assertEquals(3.0, Media.duration(video(clip)), 0.2);
    }

    @Test
    void continuousRecordingGoesInSegments() throws Exception {
        CameraRecorder recorder = Recorders.recorder(Recorders.settings(directory, "continuousCameras",
                new String[] {"back, front"}, "segmentMinutes", 1, "fps", 2), log);
        for (int i = 0; i < 130 * FPS; i += 5) { // 2 fps is enough here
            recorder.frame(camera.frame(i), 0, 0);
        }
        recorder.shutdown();
        assertEquals(List.of("2026-12-01/100000-continuous", "2026-12-01/100100-continuous",
                "2026-12-01/100200-continuous"), log.started);
        assertEquals(60.0, Media.duration(video(log.stopped.get(0))), 0.6);
        assertEquals(60.0, Media.duration(video(log.stopped.get(1))), 0.6);
        assertEquals(10.0, Media.duration(video(log.stopped.get(2))), 0.6);
    }

    @Test
    void aDamagedFrameIsLeftOutAndTheClipStillDecodes() throws Exception {
        CameraRecorder recorder = Recorders.recorder(Recorders.settings(directory, "preRollSeconds", 0), log);
        recorder.manual(true);
        feed(recorder, 0, 2);
        byte[] garbage = new byte[2000];
        garbage[0] = (byte) 0xFF;
        garbage[1] = (byte) 0xD8;
        recorder.frame(new Frame("front", 999, camera.frame(20).captureNanos() + 1, TestFrames.time(2.0001),
                TestFrames.WIDTH, TestFrames.HEIGHT, garbage), 0, 0);
        feed(recorder, 2.1, 4);
        recorder.manual(false);
        recorder.tick(TestFrames.time(5));
        Clip clip = log.stopped.get(0);
        assertEquals(39, clip.frames());
        assertEquals(4.0, Media.duration(video(clip)), 0.2);
        Media.decode(video(clip));
    }

    @Test
    void aNewPictureSizeStartsANewClip() throws Exception {
        CameraRecorder recorder = Recorders.recorder(Recorders.settings(directory), log);
        recorder.manual(true);
        feed(recorder, 0, 1);
        Frame small = camera.frame(10);
        byte[] jpeg = new byte[small.jpegLength()];
        small.jpeg().get(jpeg);
        // A differently sized picture: the codec's own encoder at 160x120.
        nightjar.codec.jpeg.YCbCrImage image = nightjar.codec.jpeg.YCbCrImage.allocate(160, 120,
                nightjar.codec.jpeg.Sampling.YUV420);
        recorder.frame(new Frame("front", 10, small.captureNanos(), small.wallClock(), 160, 120,
                new nightjar.codec.jpeg.JpegEncoder(80).encode(image)), 0, 0);
        recorder.shutdown();
        assertEquals(2, log.stopped.size());
        assertTrue(log.why.get(0).contains("160x120"), log.why.get(0));
        Media.decode(video(log.stopped.get(1)));
    }

    @Test
    void whenStorageIsHeldTheClipClosesAndRecordingResumesAfter() throws Exception {
        CameraRecorder recorder = Recorders.recorder(Recorders.settings(directory), log);
        recorder.manual(true);
        feed(recorder, 0, 2);
        recorder.hold(true, "storage low");
        feed(recorder, 2, 3);
        assertFalse(recorder.status().recording());
        assertEquals("storage low", recorder.status().message());
        recorder.hold(false, "");
        feed(recorder, 3, 4);
        assertTrue(recorder.status().recording());
        recorder.shutdown();
        assertEquals(List.of("storage low", "the recorder stopped"), log.why);
        assertEquals(3.0, seconds(TestFrames.EPOCH, log.stopped.get(1).start()), 0.01);
    }

    @Test
    void aCameraThatFailsMidClipEndsTheClipAndItsReturnStartsANewOne() throws Exception {
        CameraRecorder recorder = Recorders.recorder(Recorders.settings(directory, "preRollSeconds", 1), log);
        feed(recorder, 0, 2);
        recorder.motionStarted(TestFrames.time(2));
        feed(recorder, 2, 4);
        recorder.cameraGone("camera error");
        assertFalse(recorder.status().recording());
        assertEquals(List.of("camera error"), log.why);
        Media.decode(video(log.stopped.get(0)));
        feed(recorder, 6, 7); // the camera is back, the motion goes on
        assertTrue(recorder.status().recording());
        assertEquals("2026-12-01/100006-motion", log.started.get(1), "no pre-roll from before the failure");
    }

    @Test
    void theWorkerDropsAndCountsFramesItCannotKeepUpWith() throws Exception {
        CameraRecorder recorder = Recorders.recorder(Recorders.settings(directory), log);
        CameraWorker worker = new CameraWorker(recorder, () -> 0);
        for (int i = 0; i < CameraWorker.INBOX_FRAMES + 8; i++) {
            worker.onFrame(camera.frame(i)); // not started yet: nothing is taken from the inbox
        }
        worker.post(r -> r.manual(true));
        worker.start();
        for (int i = 0; i < 1000 && recorder.status().droppedFrames() == 0; i++) {
            Thread.sleep(10);
        }
        worker.stop(10_000);
        assertEquals(8, recorder.status().droppedFrames());
        assertEquals(1, log.stopped.size(), "the clip is closed when the worker stops");

        CameraRecorder direct = Recorders.recorder(Recorders.settings(directory), log);
        direct.manual(true);
        direct.frame(camera.frame(100), 0, 0);
        direct.frame(camera.frame(106), 0, 5);
        direct.shutdown();
        assertEquals(5, log.stopped.get(1).droppedFrames(), "counted in the clip they are missing from");
        Sidecar sidecar = Sidecar.read(new ClipFiles(directory, "front", log.stopped.get(1).name()).sidecar());
        assertEquals(5, sidecar.droppedFrames());
    }
}
