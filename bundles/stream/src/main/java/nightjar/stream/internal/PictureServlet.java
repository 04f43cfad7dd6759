package nightjar.stream.internal;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nightjar.api.stream.PictureSource;

/**
 * {@code /cameras/<id>/<name>.mjpg}: the pictures a bundle derives from a camera (the motion detector's
 * tuning view, {@code motion.mjpg}), for administrators. Registered by {@link StreamServlet} for each
 * {@link PictureSource}, for exactly that path (an exact pattern wins over {@code /cameras/*}), and
 * written by the same non-blocking MJPEG writer, under the same limits, as the camera's own stream.
 */
final class PictureServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final String cameraId;
    private final String name;
    private final transient PictureSource source;
    private final transient StreamServlet streams;

    PictureServlet(String cameraId, String name, PictureSource source, StreamServlet streams) {
        this.cameraId = cameraId;
        this.name = name;
        this.source = source;
        this.streams = streams;
    }

    static String path(String cameraId, String name) {
        return "/cameras/" + cameraId + "/" + name + ".mjpg";
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Security enforces the declared ADMIN level, also in the moment the whiteboard serves this view
        // before security has tracked it (the view comes and goes with the motion bundle).
        streams.stream(cameraId, name, source, request, response);
    }
}
