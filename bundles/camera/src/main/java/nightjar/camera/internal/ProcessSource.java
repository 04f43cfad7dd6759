package nightjar.camera.internal;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.capture.FrameSink;
import nightjar.codec.jpeg.JpegEncoder;
import nightjar.codec.jpeg.Sampling;
import nightjar.codec.jpeg.YCbCrImage;
import nightjar.tasks.Threads;

/**
 * A camera whose pictures come from a child process's standard output: {@code rpicam-vid} or GStreamer's
 * {@code libcamerasrc} for a Raspberry Pi camera module, {@code ffmpeg} for an RTSP camera. The child
 * writes JPEGs (concatenated or as a multipart stream, {@link JpegStreamReader}) or raw I420 pictures of
 * the configured size, which are encoded here.
 *
 * <p>The child is started from an argument list, never through a shell. Its standard error goes to the
 * log, at most {@value #STDERR_LINES_PER_MINUTE} lines a minute, and its last line is the camera's
 * message when it ends (or what a {@link Report} makes of its last lines). It is restarted with growing
 * pauses while the camera is open ({@link Reconnects}),
 * also when it writes no picture for {@value #FIRST_PICTURE_MILLIS} ms after starting or
 * {@value #SILENCE_MILLIS} ms after its last picture, and it is ended, with its own children, when the
 * camera closes. Where {@code setpriv} is installed (util-linux: every Debian and Raspberry Pi OS) the
 * child is started through it with a parent-death signal, so that it ends even when the JVM is killed
 * outright; the signal follows the thread that started the child, which is this source's reading thread,
 * alive for as long as the child.
 */
final class ProcessSource implements FrameSource {
    static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;
    static final long FIRST_PICTURE_MILLIS = 15_000;
    static final long SILENCE_MILLIS = 5_000;
    static final int STDERR_LINES_PER_MINUTE = 20;
    private static final Logger LOG = LoggerFactory.getLogger(ProcessSource.class);
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private static final long WATCHDOG_PERIOD_MILLIS = 250;
    private static final long EXIT_WAIT_MILLIS = 2_000;
    private static final long STDERR_WAIT_MILLIS = 10_000;

    /** What the child writes on its standard output. */
    enum Output {
        /** JPEG pictures, concatenated or as a multipart stream. */
        JPEG,
        /** Raw pictures of the configured size, planar 4:2:0 (Y, then Cb, then Cr), full range as in JPEG. */
        I420
    }

    /**
     * What the camera's message and the log make of the child. The plain one names the program and gives its
     * exit code and last line of standard error; a source whose child's output needs explaining (ffmpeg's) or
     * holds secrets (a URL with a password) brings its own.
     */
    interface Report {
        /** The source as the camera's message names it ("ffmpeg", "RTSP camera rtsp://…"). */
        String source();

        /** A line of the child's standard error as the log shows it and {@link #ended} gets it. */
        default String logged(String line) {
            return line;
        }

        /** Why the child ended, for the camera's message: from its exit code and its last lines, oldest first. */
        default String ended(int exitCode, List<String> lastLines) {
            return "exited with code " + exitCode
                    + (lastLines.isEmpty() ? "" : ": " + lastLines.get(lastLines.size() - 1));
        }

        /** The plain report: the program's name, its exit code and its last line. */
        static Report plain(String program) {
            return () -> program;
        }
    }

    /** How to start the child. */
    record Command(List<String> arguments, Map<String, String> environment, Output output, int width, int height,
            int quality) {
        Command {
            arguments = List.copyOf(arguments);
            environment = Map.copyOf(environment);
            if (arguments.isEmpty()) {
                throw new IllegalArgumentException("no program to start");
            }
        }

        /** The program's name, for messages. */
        String program() {
            return Path.of(arguments.get(0)).getFileName().toString();
        }
    }

    private final String name;
    private final Command command;
    private final Report report;
    private final SourceClock clock;
    private final FrameCheck check;
    private final Reconnects reconnects;
    private final ExecutorService reader;
    private final ScheduledExecutorService watchdog;
    private final boolean setpriv;
    private volatile boolean closed;
    private volatile @Nullable Process process;
    /** When the current child started or wrote its latest picture. */
    private volatile long lastPictureNanos;
    private volatile boolean pictured;
    /** Set when the watchdog ended the current child for its silence. */
    private volatile boolean silent;

    ProcessSource(String name, Command command, FrameSink sink) {
        this(name, command, Report.plain(command.program()), sink);
    }

    ProcessSource(String name, Command command, Report report, FrameSink sink) {
        this(name, command, report, sink, SourceClock.SYSTEM, Files.isExecutable(SETPRIV));
    }

    ProcessSource(String name, Command command, FrameSink sink, SourceClock clock, boolean setpriv) {
        this(name, command, Report.plain(command.program()), sink, clock, setpriv);
    }

    ProcessSource(String name, Command command, Report report, FrameSink sink, SourceClock clock, boolean setpriv) {
        this.name = name;
        this.command = command;
        this.report = report;
        this.clock = clock;
        this.setpriv = setpriv;
        this.check = new FrameCheck(report.source(), sink, clock);
        this.reconnects = new Reconnects(report.source(), "restarting", sink, check, clock);
        String threadName = "nightjar-camera-" + name + "-process";
        this.reader = Threads.scheduler(threadName);
        this.watchdog = Threads.scheduler(threadName + "-watchdog");
    }

    /** Frames dropped as damaged over the source's life. */
    long damagedFrames() {
        return check.damagedFrames();
    }

    /** The running child, if any (for tests). */
    @Nullable
    Process process() {
        return process;
    }

    @Override
    public void start() {
        reader.execute(() -> reconnects.run("starting " + report.source(), this::runChild, () -> closed));
        watchdog.scheduleWithFixedDelay(this::checkSilence, WATCHDOG_PERIOD_MILLIS, WATCHDOG_PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Ends the current child when it wrote no picture for {@value #FIRST_PICTURE_MILLIS} ms after starting
     * or {@value #SILENCE_MILLIS} ms after its latest; returns whether it did. The watchdog calls this.
     */
    boolean checkSilence() {
        Process child = process;
        long allowed = pictured ? SILENCE_MILLIS : FIRST_PICTURE_MILLIS;
        if (child == null || clock.nanoTime() - lastPictureNanos < TimeUnit.MILLISECONDS.toNanos(allowed)) {
            return false;
        }
        silent = true;
        end(child);
        return true;
    }

    /** One run of the child, until it ends. */
    private void runChild() throws IOException {
        if (!installed(command.arguments().get(0), command.environment())) {
            throw new Reconnects.Ended("is not installed (not found: " + command.arguments().get(0) + ")");
        }
        ProcessBuilder builder = new ProcessBuilder(arguments()).redirectInput(ProcessBuilder.Redirect.from(
                new File("/dev/null")));
        builder.environment().putAll(command.environment());
        Process child;
        try {
            child = builder.start();
        } catch (IOException e) {
            throw new IOException("cannot be started: " + rootMessage(e));
        }
        pictured = false;
        lastPictureNanos = clock.nanoTime();
        process = child;
        StandardError errors = new StandardError(child.getErrorStream());
        Thread errorReader = Threads.thread("nightjar-camera-" + name + "-stderr", errors);
        errorReader.start();
        try (InputStream out = child.getInputStream()) {
            if (command.output() == Output.JPEG) {
                readJpegs(out);
            } else {
                readI420(out);
            }
        } catch (IOException e) {
            if (!silent && !closed) {
                throw e;
            }
        } finally {
            process = null;
            // Destroying a process closes its pipes, so a child that ended by itself is let go first and its
            // standard error read to the end: its last words are the camera's message.
            if (!silent && !closed && exited(child)) {
                join(errorReader);
            }
            end(child);
            join(errorReader);
        }
        if (silent) {
            silent = false;
            throw new Reconnects.Ended("wrote no picture for "
                    + (pictured ? SILENCE_MILLIS : FIRST_PICTURE_MILLIS) / 1000 + " s");
        }
        throw new Reconnects.Ended(report.ended(child.exitValue(), errors.lastLines()));
    }

    /** Whether the program is an executable file, by its path or found on the PATH. */
    static boolean installed(String program, Map<String, String> environment) {
        if (program.contains("/")) {
            return Files.isExecutable(Path.of(program));
        }
        String path = environment.getOrDefault("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        for (String directory : path.split(":")) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return false;
    }

    private List<String> arguments() {
        if (!setpriv) {
            return command.arguments();
        }
        List<String> wrapped = new ArrayList<>(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--"));
        wrapped.addAll(command.arguments());
        return wrapped;
    }

    private void readJpegs(InputStream out) throws IOException {
        JpegStreamReader pictures = new JpegStreamReader(out, MAX_FRAME_BYTES);
        long oversized = 0;
        byte[] jpeg;
        while (!closed && (jpeg = pictures.next()) != null) {
            if (pictures.oversized() != oversized) {
                oversized = pictures.oversized();
                check.damaged("a picture of more than " + MAX_FRAME_BYTES / (1024 * 1024) + " MB");
            }
            picture(jpeg);
        }
    }

    private void readI420(InputStream out) throws IOException {
        YCbCrImage planes = YCbCrImage.allocate(command.width(), command.height(), Sampling.YUV420);
        JpegEncoder encoder = new JpegEncoder(command.quality());
        while (!closed) {
            if (!readFully(out, planes.y()) || !readFully(out, planes.cb()) || !readFully(out, planes.cr())) {
                return;
            }
            picture(encoder.encode(planes));
        }
    }

    private void picture(byte[] jpeg) {
        if (check.offer(jpeg) != FrameCheck.Verdict.DAMAGED) {
            lastPictureNanos = clock.nanoTime();
            pictured = true;
        }
    }

    /** Fills the array; false when the stream ends first (a cut-off last picture is dropped). */
    private static boolean readFully(InputStream in, byte[] into) throws IOException {
        return in.readNBytes(into, 0, into.length) == into.length;
    }

    /** Whether the child ends within a moment of closing its output. */
    private static boolean exited(Process child) {
        try {
            return child.waitFor(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Ends the child and its own children: politely first, then for good. */
    private static void end(Process child) {
        child.descendants().forEach(ProcessHandle::destroy);
        child.destroy();
        try {
            if (!child.waitFor(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                child.descendants().forEach(ProcessHandle::destroyForcibly);
                child.destroyForcibly().waitFor(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits for the standard error reader to read the ended child's last words, which are the camera's
     * message. It ends as soon as it reads the end of the pipe (the child and its children are gone by
     * now), so the limit only guards against a grandchild that escaped and keeps the pipe open.
     */
    private static void join(Thread thread) {
        try {
            thread.join(STDERR_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String rootMessage(IOException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    @Override
    public void close() {
        closed = true;
        watchdog.shutdownNow();
        Process child = process;
        if (child != null) {
            end(child);
        }
        Threads.stopNow(reader, Duration.ofMillis(EXIT_WAIT_MILLIS));
    }

    /** Reads the child's standard error into the log, at most so many lines a minute, keeping the last few. */
    private final class StandardError implements Runnable {
        private static final int KEPT_LINES = 8;
        private final InputStream stream;
        private final Deque<String> lastLines = new ArrayDeque<>();

        StandardError(InputStream stream) {
            this.stream = stream;
        }

        List<String> lastLines() {
            synchronized (lastLines) {
                return List.copyOf(lastLines);
            }
        }

        @Override
        public void run() {
            long windowStart = clock.nanoTime();
            int lines = 0;
            try (BufferedReader text = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = text.readLine()) != null) {
                    String trimmed = printable(report.logged(line));
                    if (trimmed.isEmpty()) {
                        continue;
                    }
                    synchronized (lastLines) {
                        if (lastLines.size() == KEPT_LINES) {
                            lastLines.removeFirst();
                        }
                        lastLines.addLast(trimmed);
                    }
                    long now = clock.nanoTime();
                    if (now - windowStart >= TimeUnit.MINUTES.toNanos(1)) {
                        if (lines > STDERR_LINES_PER_MINUTE) {
                            LOG.info("Camera {}: {} wrote {} more lines", name, command.program(),
                                    lines - STDERR_LINES_PER_MINUTE);
                        }
                        windowStart = now;
                        lines = 0;
                    }
                    if (++lines <= STDERR_LINES_PER_MINUTE) {
                        LOG.info("Camera {}: {}: {}", name, command.program(), trimmed);
                    }
                }
            } catch (IOException ended) {
                // The child is gone; what it wrote last is kept.
            }
        }
    }

    /** A line cut to 300 characters, without control characters (the log is one line per event). */
    static String printable(String line) {
        StringBuilder text = new StringBuilder(Math.min(line.length(), 300));
        for (int i = 0; i < line.length() && text.length() < 300; i++) {
            char c = line.charAt(i);
            text.append(Character.isISOControl(c) ? ' ' : c);
        }
        return text.toString().strip();
    }
}
