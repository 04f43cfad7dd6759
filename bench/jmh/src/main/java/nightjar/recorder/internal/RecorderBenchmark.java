package nightjar.recorder.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

import nightjar.api.camera.Frame;
import nightjar.api.recording.Clip;
import nightjar.bench.CodecBenchmark;
import nightjar.codec.jpeg.JpegEncoder;

/**
 * What recording costs: one minute of a camera recorded through the recorder's own path (pre-roll,
 * JPEG-to-Theora transcode, pages written to a file, synced every second), timed by the thread's CPU
 * time, for three scenes: still (the same picture every frame: a clean camera in a quiet room), noisy
 * (the same room with sensor noise that changes every frame) and busy (the noise and a box crossing
 * the picture).
 * Prints CPU milliseconds per recorded second and bytes per minute. Not JMH: the file and the sync
 * are part of what is measured.
 *
 * <p>Arguments: none (640x480 at 15 fps and 1280x720 at 30 fps), or {@code WIDTHxHEIGHT FPS}.
 */
public final class RecorderBenchmark {
    private static final int DISTINCT_FRAMES = 60;
    private static final int SECONDS = 60;

    private RecorderBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2) {
            int[] size = CodecBenchmark.dimensions(args[0]);
            run(size[0], size[1], Integer.parseInt(args[1]));
        } else {
            run(640, 480, 15);
            run(1280, 720, 30);
        }
    }

    private static void run(int width, int height, int fps) throws Exception {
        for (String scene : new String[] {"still", "noisy", "busy"}) {
            byte[][] jpegs = new byte[scene.equals("still") ? 1 : DISTINCT_FRAMES][];
            JpegEncoder encoder = new JpegEncoder(80);
            for (int f = 0; f < jpegs.length; f++) {
                jpegs[f] = encoder.encode(CodecBenchmark.scene(width, height, f, scene.equals("busy") ? f : 0));
            }
            record(width, height, fps, jpegs, 30); // warm-up: the JIT, the page cache
            Result result = record(width, height, fps, jpegs, SECONDS);
            System.out.printf(Locale.ROOT, "%dx%d %d fps %-5s: %6.1f ms CPU per recorded second (%4.1f%% of a core), "
                    + "%7.0f KB per minute, JPEG %d KB a frame%n", width, height, fps, scene,
                    result.cpuNanos / 1e6 / SECONDS, result.cpuNanos / 1e7 / SECONDS, result.bytes / 1024.0,
                    jpegs[0].length / 1024);
        }
    }

    private record Result(long cpuNanos, long bytes) {
    }

    private static Result record(int width, int height, int fps, byte[][] jpegs, int seconds) throws Exception {
        Path directory = Files.createTempDirectory("recorder-bench");
        try {
            RecorderSettings settings = new RecorderSettings(directory, true, 5_000_000_000L, 8L << 20,
                    10_000_000_000L, 600_000_000_000L, java.util.Set.of(), 600_000_000_000L, fps, 70, 0, 0, 0);
            long[] bytes = new long[1];
            CameraRecorder recorder = new CameraRecorder("bench", settings, ZoneOffset.UTC, () -> fps,
                    new CameraRecorder.Listener() {
                        @Override
                        public void started(ClipFiles files, Reason reason) {
                        }

                        @Override
                        public void stopped(Clip clip, String why) {
                            bytes[0] += clip.bytes();
                        }

                        @Override
                        public void failed(String cameraId, java.io.IOException cause) {
                            throw new IllegalStateException(cause);
                        }
                    });
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Instant start = Instant.parse("2026-12-01T12:00:00Z");
            long interval = 1_000_000_000L / fps;
            long cpu = threads.getCurrentThreadCpuTime();
            recorder.manual(true);
            for (int f = 0; f < seconds * fps; f++) {
                byte[] jpeg = jpegs[f % jpegs.length];
                // The frames share the same arrays: a camera's would be new ones, which costs capture, not recording.
                recorder.frame(new Frame("bench", f, f * interval, start.plusNanos(f * interval), width, height, jpeg),
                        0, 0);
            }
            recorder.shutdown();
            return new Result(threads.getCurrentThreadCpuTime() - cpu, bytes[0]);
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
