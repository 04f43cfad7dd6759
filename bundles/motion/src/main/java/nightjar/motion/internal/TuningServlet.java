package nightjar.motion.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /cameras/<id>/motion.mjpg}: the camera as the detector sees it, for administrators tuning
 * sensitivity, area and zones (registered for {@code AccessLevel.ADMIN}, which the security bundle enforces). Each viewer's thread waits for the detector's next analysed frame and
 * draws it; the detector only copies its findings while someone watches.
 */
final class TuningServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TuningServlet.class);
    private static final String BOUNDARY = "nightjarmotion";
    private static final int MAX_VIEWERS = 3;
    private static final long KEEP_ALIVE_MILLIS = 5_000;

    private final String cameraId;
    private final transient AtomicInteger viewers = new AtomicInteger();
    private final transient Object signal = new Object();
    // Guarded by signal.
    private transient @Nullable TuningPicture latest;
    private long version;
    private boolean closed;

    TuningServlet(String cameraId) {
        this.cameraId = cameraId;
    }

    static String path(String cameraId) {
        return "/cameras/" + cameraId + "/motion.mjpg";
    }

    /** Whether anyone watches: only then is it worth copying the findings. */
    boolean watched() {
        return viewers.get() > 0;
    }

    void publish(TuningPicture picture) {
        synchronized (signal) {
            latest = picture;
            version++;
            signal.notifyAll();
        }
    }

    /** Ends every viewer's stream (the detector is going away). */
    void close() {
        synchronized (signal) {
            closed = true;
            signal.notifyAll();
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("multipart/x-mixed-replace;boundary=" + BOUNDARY);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        if ("HEAD".equals(request.getMethod())) {
            return;
        }
        if (viewers.incrementAndGet() > MAX_VIEWERS) {
            viewers.decrementAndGet();
            response.reset();
            response.setHeader("Retry-After", "10");
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "At most " + MAX_VIEWERS + " people can watch the motion view of a camera at once");
            return;
        }
        @Nullable ImageWriter writer = null;
        try {
            writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            OutputStream out = response.getOutputStream();
            out.write(("--" + BOUNDARY + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            LOG.debug("{} watches the motion view of camera {}", request.getRemoteUser(), cameraId);
            long seen = 0;
            byte @Nullable [] last = null;
            while (true) {
                TuningPicture picture;
                synchronized (signal) {
                    if (!closed && version == seen) {
                        signal.wait(KEEP_ALIVE_MILLIS);
                    }
                    if (closed) {
                        return;
                    }
                    picture = version == seen ? null : latest;
                    seen = version;
                }
                byte @Nullable [] jpeg = last;
                if (picture != null) {
                    try {
                        jpeg = picture.render(writer);
                    } catch (IOException e) {
                        LOG.debug("Motion view of camera {}: frame skipped: {}", cameraId, e.getMessage());
                    }
                }
                // Without new pictures (a camera in error), the last one again: a viewer who left is noticed.
                if (jpeg == null) {
                    continue;
                }
                last = jpeg;
                out.write(("Content-Type: image/jpeg\r\nContent-Length: " + jpeg.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(jpeg);
                out.write(("\r\n--" + BOUNDARY + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            LOG.debug("Motion view of camera {} closed: {}", cameraId, clientGone.getMessage());
        } finally {
            if (writer != null) {
                writer.dispose();
            }
            viewers.decrementAndGet();
        }
    }
}
