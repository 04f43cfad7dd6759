package nightjar.capture.v4l2.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.camera.CameraState;
import nightjar.api.capture.CaptureSession;
import nightjar.api.capture.CaptureSettings;
import nightjar.api.capture.FrameSink;
import nightjar.capture.v4l2.internal.VideoDevice.Fraction;
import nightjar.capture.v4l2.internal.VideoDevice.Negotiated;
import nightjar.capture.v4l2.internal.VideoDevice.PixelFormat;
import nightjar.capture.v4l2.internal.VideoDevice.Size;
import nightjar.codec.jpeg.Jpeg;
import nightjar.codec.jpeg.JpegException;
import nightjar.tasks.Threads;

import nightjar.posix.Posix;

/**
 * Captures from one V4L2 device on a thread of its own: opens it, negotiates format, size and rate,
 * and streams, and when anything goes wrong (no device, busy, unplugged, silent) says so to the
 * sink and tries again until closed. Each buffer goes back to the driver as soon as its picture is
 * copied out, before the JPEG work.
 */
final class V4l2Capture implements CaptureSession {
    private static final Logger LOG = LoggerFactory.getLogger(V4l2Capture.class);
    private static final int BUFFERS = 4;
    /** The longest a dequeue waits, so that close and new controls are seen promptly. */
    private static final int POLL_MILLIS = 500;
    /** A stream's first CPU report comes after this many frames, then every {@link #CPU_REPORT_EVERY}. */
    private static final int CPU_REPORT_FIRST = 100;
    private static final int CPU_REPORT_EVERY = 9_000;

    /** How long to wait between attempts, and how long a silent stream is given. */
    record Timing(long retryMillis, long stallMillis) {
        static final Timing DEFAULT = new Timing(2_000, 5_000);
    }

    private final String name;
    private final CaptureSettings settings;
    private final Devices devices;
    private final FrameSink sink;
    private final Timing timing;
    private final Thread thread;
    private final AtomicReference<@Nullable Map<String, String>> pendingControls = new AtomicReference<>();
    private volatile boolean closed;
    // Only the capture thread touches these.
    private Map<String, String> controls;
    private long corruptFrames;

    V4l2Capture(String name, CaptureSettings settings, Devices devices, FrameSink sink, Timing timing) {
        this.name = name;
        this.settings = settings;
        this.devices = devices;
        this.sink = sink;
        this.timing = timing;
        this.controls = settings.controls();
        this.thread = Threads.thread("nightjar-camera-" + name + "-v4l2", this::run);
    }

    void start() {
        thread.start();
    }

    @Override
    public void controls(Map<String, String> newControls) {
        pendingControls.set(Map.copyOf(newControls));
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(2 * POLL_MILLIS + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the capture thread still runs; after {@link #close} it does not, so no frame can follow. */
    boolean running() {
        return thread.isAlive();
    }

        /** Frames dropped because they were damaged, over the capture's life. */
    long corruptFrames() {
        return corruptFrames;
    }

    private void run() {
        while (!closed) {
            String path = settings.device().equals("auto") ? devices.firstCaptureNode() : settings.device();
            if (path == null) {
                sink.state(CameraState.ERROR, "no camera found; waiting for one to be plugged in");
                pause();
                continue;
            }
            sink.state(CameraState.STARTING, "opening " + path);
            boolean restartAtOnce = false;
            try (VideoDevice device = devices.open(path)) {
                Stream stream = configure(device);
                restartAtOnce = capture(device, stream);
            } catch (V4l2Exception e) {
                if (!closed) {
                    sink.state(CameraState.ERROR, explain(path, e));
                }
            } catch (UnusableDeviceException e) {
                if (!closed) {
                    sink.state(CameraState.ERROR, e.getMessage());
                }
            }
            if (!restartAtOnce) {
                pause();
            }
        }
        sink.state(CameraState.STOPPED, "");
    }

    /** A user's words for what went wrong. */
    private static String explain(String path, V4l2Exception e) {
        if (e.deviceGone()) {
            return path + " was unplugged or stopped working; waiting for it to come back";
        }
        return switch (e.errno()) {
            case Posix.ENOENT -> "no camera at " + path + "; waiting for it to be plugged in";
            case Posix.EACCES, Posix.EPERM -> "no permission to open " + path + ": add the user that runs Nightjar ("
                    + System.getProperty("user.name") + ") to the 'video' group (sudo usermod -aG video "
                    + System.getProperty("user.name") + ") and restart Nightjar";
            case Posix.EBUSY -> path + " is busy: another program is using the camera (motion, mjpg-streamer, "
                    + "another Nightjar camera?); retrying";
            default -> e.getMessage() + "; retrying";
        };
    }

    /** What was negotiated, and how pictures become JPEGs. */
    private record Stream(Negotiated format, long frameIntervalNanos, @Nullable YuyvEncoder yuyv) {
    }

    private Stream configure(VideoDevice device) throws V4l2Exception, UnusableDeviceException {
        VideoDevice.DeviceInfo info = device.info();
        if (!info.canCapture()) {
            throw new UnusableDeviceException(device.path() + " (" + info.card() + ") is not a video capture device");
        }
        List<PixelFormat> offered = device.formats();
        int pixelFormat = chooseFormat(device.path(), offered);
        List<Size> sizes = device.frameSizes(pixelFormat);
        Size wanted = new Size(settings.width(), settings.height());
        Size size = nearest(sizes, wanted);
        if (!size.equals(wanted)) {
            LOG.warn("Camera {}: {} has no {} in {} (it offers {}); using {}", name, device.path(), wanted,
                    VideoDevice.fourccName(pixelFormat), sizes, size);
        }
        Negotiated format = device.setFormat(pixelFormat, size.width(), size.height());
        if (format.pixelFormat() != pixelFormat) {
            throw new UnusableDeviceException(device.path() + " would not deliver "
                    + VideoDevice.fourccName(pixelFormat) + " (it chose " + VideoDevice.fourccName(format.pixelFormat())
                    + ")");
        }
        Fraction interval = device.setFrameInterval(chooseInterval(
                device.frameIntervals(pixelFormat, format.width(), format.height())));
        CameraControls.apply(name, device, CameraControls.parse(name, controls));
        YuyvEncoder yuyv = pixelFormat == VideoDevice.YUYV
                ? new YuyvEncoder(format.width(), format.height(), format.bytesPerLine(), settings.quality()) : null;
        device.startStreaming(BUFFERS);
        long frameInterval = (long) (1e9 / settings.fps());
        LOG.info("Camera {}: capturing {}x{} {} from {} ({}, {}) at {} fps{}", name, format.width(),
                format.height(), VideoDevice.fourccName(pixelFormat), device.path(), info.card(), info.driver(),
                settings.fps(), interval == null ? " (the device's own rate cannot be set)"
                        : interval.fps() > settings.fps() ? " (the device delivers " + interval + ")" : "");
        return new Stream(format, frameInterval, yuyv);
    }

    private int chooseFormat(String path, List<PixelFormat> offered) throws UnusableDeviceException {
        List<Integer> preference = switch (settings.format()) {
            case "mjpeg" -> List.of(VideoDevice.MJPG, VideoDevice.JPEG, VideoDevice.YUYV);
            case "yuyv" -> List.of(VideoDevice.YUYV, VideoDevice.MJPG, VideoDevice.JPEG);
            default -> List.of(VideoDevice.MJPG, VideoDevice.JPEG, VideoDevice.YUYV);
        };
        for (int fourcc : preference) {
            if (offered.stream().anyMatch(f -> f.fourcc() == fourcc)) {
                if (fourcc != preference.get(0) && !settings.format().equals("auto")) {
                    LOG.warn("Camera {}: {} does not offer {} (it offers {}); using {}", name, path,
                            settings.format().toUpperCase(Locale.ROOT), offered,
                            VideoDevice.fourccName(fourcc));
                }
                return fourcc;
            }
        }
        throw new UnusableDeviceException(path + " offers " + offered + "; Nightjar needs MJPEG or YUYV");
    }

    /** The offered size nearest the wanted one: the smallest difference in area, then in aspect. */
    static Size nearest(List<Size> offered, Size wanted) {
        if (offered.isEmpty() || offered.contains(wanted)) {
            return wanted;
        }
        double wantedAspect = (double) wanted.width() / wanted.height();
        return offered.stream().min(Comparator
                .comparingLong((Size s) -> Math.abs((long) s.width() * s.height() - (long) wanted.width() * wanted.height()))
                .thenComparingDouble(s -> Math.abs((double) s.width() / s.height() - wantedAspect)))
                .orElse(wanted);
    }

    /** The slowest offered rate that is still at least the wanted one; the fastest when none is. */
    private Fraction chooseInterval(List<Fraction> offered) {
        Fraction wanted = new Fraction(1, settings.fps());
        List<Fraction> fastEnough = new ArrayList<>();
        for (Fraction f : offered) {
            if (f.fps() >= settings.fps() - 0.01) {
                fastEnough.add(f);
            }
        }
        if (!fastEnough.isEmpty()) {
            return fastEnough.stream().min(Comparator.comparingDouble(Fraction::fps)).orElse(wanted);
        }
        return offered.stream().max(Comparator.comparingDouble(Fraction::fps)).orElse(wanted);
    }

    /**
     * Streams until closed or the device falls silent. Returns true when it should be reopened at
     * once (silent), and throws when the device fails.
     */
    private boolean capture(VideoDevice device, Stream stream) throws V4l2Exception {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long lastFrame = System.nanoTime();
        // When the next frame is due at the configured rate; a device that cannot go as slow as that
        // has the frames in between queued back unread. A tenth of an interval early still counts.
        long nextDue = lastFrame;
        long framesSinceReport = 0;
        long cpuAtReport = cpu.getCurrentThreadCpuTime();
        long nextReport = CPU_REPORT_FIRST;
        Negotiated format = stream.format();
        while (!closed) {
            Map<String, String> newControls = pendingControls.getAndSet(null);
            if (newControls != null) {
                controls = newControls;
                CameraControls.apply(name, device, CameraControls.parse(name, controls));
            }
            int index = device.dequeue(POLL_MILLIS);
            long now = System.nanoTime();
            if (index < 0) {
                if (now - lastFrame > timing.stallMillis() * 1_000_000) {
                    sink.state(CameraState.ERROR, device.path() + " sent no picture for "
                            + timing.stallMillis() / 1000 + " s; restarting the stream");
                    return true;
                }
                continue;
            }
            lastFrame = now;
            long interval = stream.frameIntervalNanos();
            if (now < nextDue - interval / 10) {
                device.queue(index);
                continue;
            }
            nextDue = now - nextDue > interval ? now + interval : nextDue + interval;
            ByteBuffer picture = device.buffer(index);
            int used = device.bytesUsed();
            byte[] jpeg = null;
            YuyvEncoder yuyv = stream.yuyv();
            if (yuyv != null) {
                boolean whole = used >= yuyv.frameBytes();
                if (whole) {
                    yuyv.load(picture);
                }
                device.queue(index);
                if (whole) {
                    jpeg = yuyv.encode();
                }
            } else {
                byte[] copy = MotionJpeg.copy(picture, used);
                device.queue(index);
                jpeg = copy == null ? null : withTables(copy);
            }
            if (jpeg == null) {
                if (corruptFrames++ == 0) {
                    LOG.warn("Camera {}: skipping damaged frames from {} ({} bytes)", name, device.path(), used);
                }
                continue;
            }
            sink.frame(format.width(), format.height(), jpeg);
            if (++framesSinceReport == nextReport) {
                long cpuNanos = cpu.getCurrentThreadCpuTime();
                reportCpu(format, framesSinceReport, cpuNanos - cpuAtReport);
                cpuAtReport = cpuNanos;
                framesSinceReport = 0;
                nextReport = CPU_REPORT_EVERY;
            }
        }
        return false;
    }

    private static byte @Nullable [] withTables(byte[] jpeg) {
        try {
            return Jpeg.withHuffmanTables(jpeg);
        } catch (JpegException e) {
            return null;
        }
    }

    /** Capture CPU per frame (copy or encode, queueing, handing over), for users sizing their Pi. */
    private void reportCpu(Negotiated format, long frames, long cpuNanos) {
        LOG.info("Camera {}: {} frames, capture {} ms CPU per frame ({}x{} {})", name, frames,
                String.format("%.2f", cpuNanos / 1e6 / frames), format.width(), format.height(),
                VideoDevice.fourccName(format.pixelFormat()));
    }

    private void pause() {
        long until = System.nanoTime() + timing.retryMillis() * 1_000_000;
        while (!closed && System.nanoTime() < until) {
            try {
                Thread.sleep(Math.min(100, timing.retryMillis()));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The device can be opened but not used as a camera; retried in case it is replaced. */
    static final class UnusableDeviceException extends Exception {
        private static final long serialVersionUID = 1L;

        UnusableDeviceException(String message) {
            super(message);
        }
    }
}
