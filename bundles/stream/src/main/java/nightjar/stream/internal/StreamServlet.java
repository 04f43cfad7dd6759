package nightjar.stream.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.stream.JsonWriter;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nightjar.api.camera.Camera;
import nightjar.api.camera.CameraIds;
import nightjar.api.camera.CameraState;
import nightjar.api.camera.CameraStatus;
import nightjar.api.camera.Frame;
import nightjar.api.http.AccessLevel;
import nightjar.api.http.NightjarAccess;
import nightjar.api.http.NightjarHttp;
import nightjar.api.http.WebUi;
import nightjar.api.security.User;
import nightjar.api.security.UserDirectory;
import nightjar.api.stream.PictureSource;
import nightjar.api.stream.StreamViewers;
import nightjar.tasks.SummarisedLog;
import nightjar.tasks.Threads;

/**
 * Live pictures over HTTP: {@code /cameras} (JSON list), {@code /cameras/{id}/snapshot.jpg},
 * {@code /cameras/{id}/stream.mjpg} (with {@code ?fps=N}), mjpg-streamer's {@code /?action=stream}
 * and {@code /?action=snapshot} (with {@code &camera=ID}); {@code /} itself sends the browser to the
 * start page of the {@link WebUi}. Served in the Nightjar context, so every request is authenticated, and
 * checked against the account's cameras, before it gets here; the list shows a viewer only its own.
 *
 * <p>Streams are limited ({@link StreamConfig}, {@code nightjar.stream}): so many per account and per
 * address, {@code fps} at least {@value #MIN_FPS}, and closed when they have sent nothing for the idle
 * timeout, or within seconds once their login no longer holds (the account removed, its password changed,
 * the camera taken from it: {@link UserDirectory#revocation}). Streams that end badly are logged one line
 * each, at most a few lines a minute.
 *
 * <p>Pictures other bundles derive from a camera ({@link PictureSource}, such as the motion detector's
 * tuning view) are served at {@code /cameras/{id}/{name}.mjpg} by a {@link PictureServlet} registered
 * for each, for administrators, with the same writer and the same limits; their viewers are not
 * counted as the camera's.
 */
@Component(service = {Servlet.class, StreamViewers.class}, configurationPid = StreamServlet.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = StreamConfig.class)
@HttpWhiteboardServletName("nightjar.stream")
@HttpWhiteboardServletPattern({"/cameras", "/cameras/*", "/"})
@HttpWhiteboardContextSelect(NightjarHttp.CONTEXT_SELECT)
@NightjarAccess(AccessLevel.VIEWER)
@HttpWhiteboardServletAsyncSupported
public final class StreamServlet extends HttpServlet implements StreamViewers {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(StreamServlet.class);
    private static final Pattern CAMERA_PATH =
            Pattern.compile("/cameras/(" + CameraIds.GRAMMAR + ")/(snapshot\\.jpg|stream\\.mjpg)");
    static final String PID = "nightjar.stream";
    static final double MIN_FPS = 0.1;
    private static final double MAX_FPS = 120;
    private static final long SWEEP_SECONDS = 5;
    private static final int TOO_MANY_REQUESTS = 429;
    private static final Pattern CAMERA_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Pattern PICTURE_NAME = Pattern.compile("[a-z0-9-]{1,32}");

    private final transient Map<String, Camera> cameras = new ConcurrentHashMap<>();
    private final transient Set<MjpegClient> clients = ConcurrentHashMap.newKeySet();
    private final transient Map<String, StreamTotals> totals = new ConcurrentHashMap<>();
    private final transient LongSupplier nanos;
    private final transient StreamCaps caps;
    private final transient SummarisedLog notReading;
    private final transient SummarisedLog silent;
    private final transient SummarisedLog revoked;
    private volatile long idleTimeoutNanos;
    private transient @Nullable ScheduledExecutorService sweeper;
    /** The picture sources bound, and their servlets once registered. Guarded by itself. */
    private final transient Map<PictureSource, Served> pictures = new HashMap<>();
    // Guarded by pictures.
    private transient @Nullable BundleContext context;

    /** A picture source, where it is served, and its servlet's registration once made. */
    private static final class Served {
        final String cameraId;
        final String name;
        @Nullable ServiceRegistration<Servlet> registration;

        Served(String cameraId, String name) {
            this.cameraId = cameraId;
            this.name = name;
        }
    }

    public StreamServlet() {
        this(System::nanoTime, LOG::info);
    }

    /** With the clock of the idle timeout and the log summaries, and where their lines go. */
    StreamServlet(LongSupplier nanos, Consumer<String> log) {
        this.nanos = nanos;
        // StreamConfig's defaults, until activate gives the configured values.
        this.caps = new StreamCaps(20, 20);
        this.notReading = new SummarisedLog("viewers closed for not reading", nanos, log);
        this.silent = new SummarisedLog("streams closed for sending nothing", nanos, log);
        this.revoked = new SummarisedLog("streams closed because their login no longer holds", nanos, log);
        this.idleTimeoutNanos = TimeUnit.SECONDS.toNanos(60);
    }

    @Activate
    void activate(BundleContext bundleContext, StreamConfig config) {
        configure(config);
        ScheduledThreadPoolExecutor owned = Threads.scheduler("nightjar-stream-idle");
        owned.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                // A failed sweep must not end the idle timeout for good.
                LOG.warn("Stream idle sweep: {}", e.toString());
            }
        }, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
        sweeper = owned;
        synchronized (pictures) {
            context = bundleContext;
            pictures.forEach(this::register);
        }
    }

    @Modified
    void configure(StreamConfig config) {
        String refusal = refusal(config);
        if (refusal != null) {
            // Not thrown: a failed activation would take every stream down, and SCR would not retry it.
            LOG.warn("Stream limits refused, the ones before stay in force: {}", refusal);
            return;
        }
        caps.limits(config.maxStreamsPerAccount(), config.maxStreamsPerAddress());
        idleTimeoutNanos = TimeUnit.SECONDS.toNanos(config.idleTimeoutSeconds());
    }

    static @Nullable String refusal(StreamConfig config) {
        if (config.maxStreamsPerAccount() < 1 || config.maxStreamsPerAddress() < 1) {
            return "maxStreamsPerAccount and maxStreamsPerAddress must be at least 1";
        }
        if (config.idleTimeoutSeconds() < 30) {
            return "idleTimeoutSeconds must be at least 30, was " + config.idleTimeoutSeconds();
        }
        return null;
    }

    /**
     * Closes the streams that sent nothing for the idle timeout and those whose login no longer holds (the
     * account removed, its password changed, the camera taken from it), and logs the summaries that are due.
     */
    void sweep() {
        long timeout = idleTimeoutNanos;
        UserDirectory directory = users;
        for (MjpegClient client : clients) {
            if (client.closeIfSilent(timeout)) {
                silent.event("Closed the stream of " + client.describe() + ": no picture for "
                        + TimeUnit.NANOSECONDS.toSeconds(timeout) + " s");
                continue;
            }
            User login = client.login();
            if (directory == null || login == null) {
                continue;
            }
            try {
                String revocation = directory.revocation(login, client.cameraId());
                if (revocation != null && client.end()) {
                    revoked.event("Closed the stream of " + client.describe() + ": " + revocation);
                }
            } catch (RuntimeException e) {
                // A defect there; the other streams are still checked.
                LOG.warn("Could not tell whether the login of {} still holds: {}", client.describe(), e.toString());
            }
        }
        notReading.tick();
        silent.tick();
        revoked.tick();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile transient @Nullable WebUi webUi;

    /** Tells whether a stream's login still holds; without it (the security bundle stopped) streams go on. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile transient @Nullable UserDirectory users;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCamera(Camera camera) {
        cameras.put(camera.id(), camera);
    }

    void removeCamera(Camera camera) {
        cameras.remove(camera.id(), camera);
        // Viewers of a camera that went away are told so by the end of their stream; they reconnect.
        for (MjpegClient client : clients) {
            if (client.cameraId().equals(camera.id()) && client.picture() == null) {
                client.end();
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPictureSource(PictureSource source, Map<String, Object> properties) {
        String cameraId = String.valueOf(properties.get(PictureSource.CAMERA_PROPERTY));
        String name = String.valueOf(properties.get(PictureSource.NAME_PROPERTY));
        if (!CAMERA_ID.matcher(cameraId).matches() || !PICTURE_NAME.matcher(name).matches() || name.equals("stream")
                || name.equals("snapshot")) {
            LOG.warn("Picture source {}={}, {}={} not served: the camera id or the name is not usable in a URL",
                    PictureSource.CAMERA_PROPERTY, cameraId, PictureSource.NAME_PROPERTY, name);
            return;
        }
        synchronized (pictures) {
            Served served = new Served(cameraId, name);
            pictures.put(source, served);
            if (context != null) {
                register(source, served);
            }
        }
    }

    void removePictureSource(PictureSource source) {
        Served served;
        synchronized (pictures) {
            served = pictures.remove(source);
        }
        if (served == null) {
            return;
        }
        unregister(served);
        // Its viewers are told so by the end of their stream, as a camera's are.
        for (MjpegClient client : clients) {
            if (client.cameraId().equals(served.cameraId) && served.name.equals(client.picture())) {
                client.end();
            }
        }
    }

    /** Guarded by pictures. */
    private void register(PictureSource source, Served served) {
        BundleContext bundleContext = context;
        if (bundleContext == null || served.registration != null) {
            return;
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Camera.ID_PROPERTY, served.cameraId);
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN,
                PictureServlet.path(served.cameraId, served.name));
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME,
                "nightjar.stream." + served.cameraId + "." + served.name);
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT, NightjarHttp.CONTEXT_SELECT);
        // A camera's derived pictures (the motion tuning view) show what only administrators may tune.
        properties.put(NightjarHttp.ACCESS_PROPERTY, AccessLevel.ADMIN.name());
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ASYNC_SUPPORTED, Boolean.TRUE);
        served.registration = bundleContext.registerService(Servlet.class,
                new PictureServlet(served.cameraId, served.name, source, this), properties);
    }

    private void unregister(Served served) {
        ServiceRegistration<Servlet> registration;
        synchronized (pictures) {
            registration = served.registration;
            served.registration = null;
        }
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // The bundle is stopping: the framework took it down already.
            }
        }
    }

    @Override
    public int viewers(String cameraId) {
        return (int) clients.stream().filter(c -> c.cameraId().equals(cameraId) && c.picture() == null).count();
    }

    @Override
    public long framesDelivered(String cameraId) {
        StreamTotals counted = totals.get(cameraId);
        return counted == null ? 0 : counted.delivered.sum();
    }

    @Override
    public long framesDropped(String cameraId) {
        StreamTotals counted = totals.get(cameraId);
        return counted == null ? 0 : counted.dropped.sum();
    }

    @Deactivate
    void deactivate() {
        List<Served> served;
        synchronized (pictures) {
            context = null;
            served = new ArrayList<>(pictures.values());
        }
        served.forEach(this::unregister);
        ScheduledExecutorService owned = sweeper;
        sweeper = null;
        if (owned != null) {
            Threads.stopNow(owned, Duration.ofSeconds(5));
        }
        for (MjpegClient client : clients) {
            client.end();
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/cameras") || path.equals("/cameras/")) {
            listCameras(request, response);
            return;
        }
        Matcher cameraPath = CAMERA_PATH.matcher(path);
        if (cameraPath.matches()) {
            Camera camera = cameras.get(cameraPath.group(1));
            if (camera == null) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND, "No camera '" + cameraPath.group(1) + "'");
            } else if (cameraPath.group(2).equals("snapshot.jpg")) {
                snapshot(camera, response);
            } else {
                stream(camera, request, response);
            }
            return;
        }
        if (path.equals("/") || path.isEmpty()) {
            String action = request.getParameter("action");
            if (action == null) {
                livePage(request, response);
            } else {
                mjpgStreamerAction(action, request, response);
            }
            return;
        }
        response.sendError(HttpServletResponse.SC_NOT_FOUND);
    }

    /** The URLs of mjpg-streamer's HTTP output, so clients written for it work unchanged. */
    private void mjpgStreamerAction(String action, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String id = request.getParameter("camera");
        Camera camera = id != null ? cameras.get(id) : firstCamera();
        if (camera == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, id != null ? "No camera '" + id + "'" : "No camera");
            return;
        }
        switch (action) {
            case "stream" -> stream(camera, request, response);
            case "snapshot" -> snapshot(camera, response);
            default -> response.sendError(HttpServletResponse.SC_BAD_REQUEST,
                    "Unknown action '" + action + "': use stream or snapshot");
        }
    }

    private void stream(Camera camera, HttpServletRequest request, HttpServletResponse response) throws IOException {
        stream(camera.id(), null, camera::subscribe, request, response);
    }

    /**
     * Streams the pictures of {@code source} to the request's client, within the limits.
     *
     * @param picture the name of a picture derived from the camera's, null for the camera's own
     */
    void stream(String cameraId, @Nullable String picture, PictureSource source, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        double maxFps;
        try {
            maxFps = parseFps(request.getParameter("fps"));
        } catch (IllegalArgumentException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        response.setContentType(MultipartPart.CONTENT_TYPE);
        noCache(response);
        if ("HEAD".equals(request.getMethod())) {
            return;
        }
        String account = request.getRemoteUser();
        String address = String.valueOf(request.getRemoteAddr());
        String refused = caps.open(account, address);
        if (refused != null) {
            response.setContentType("text/plain");
            response.setHeader("Retry-After", "10");
            response.sendError(TOO_MANY_REQUESTS, refused);
            return;
        }
        AsyncContext async;
        try {
            // The headers go at once: a viewer knows it is connected before the first picture, which a
            // derived picture (the tuning view) may take a while to make.
            response.flushBuffer();
            async = request.startAsync();
        } catch (IOException | IllegalStateException e) {
            caps.close(account, address);
            throw e;
        }
        async.setTimeout(0);
        // A derived picture's counts are its own: StreamViewers tells of the camera's stream only.
        StreamTotals counted = picture == null ? totals.computeIfAbsent(cameraId, id -> new StreamTotals())
                : new StreamTotals();
        User login = request.getAttribute(NightjarHttp.USER_ATTRIBUTE) instanceof User user ? user : null;
        MjpegClient client = new MjpegClient(cameraId, picture, account, login, address, async,
                response.getOutputStream(), maxFps, counted, nanos, this::ended);
        clients.add(client);
        client.start(source);
        LOG.debug("{} streams {} ({} viewers)", account, client.what(), clients.size());
    }


    /** A stream ended: counted out, and one line if the viewer stopped reading (summarised), debug if it failed otherwise. */
    private void ended(MjpegClient client, @Nullable Throwable failure) {
        if (clients.remove(client)) {
            caps.close(client.account(), client.address());
        }
        if (client.stoppedReading() || failure != null && causedBy(failure, TimeoutException.class)) {
            notReading.event("Closed the stream of " + client.describe() + ": it stopped reading");
        } else if (failure != null) {
            LOG.debug("The stream of {} ended: {}", client.describe(), failure.toString());
        }
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    static double parseFps(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        double fps;
        try {
            fps = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("fps must be a number, was '" + text + "'");
        }
        if (!(fps >= MIN_FPS && fps <= MAX_FPS)) {
            throw new IllegalArgumentException("fps must be at least " + MIN_FPS + " and at most " + (int) MAX_FPS
                    + ", was '" + text + "'");
        }
        return fps;
    }

    private void snapshot(Camera camera, HttpServletResponse response) throws IOException {
        Frame frame = camera.latestFrame();
        CameraStatus status = camera.status();
        // A stale picture from a camera that failed would pass for the present: say what is wrong instead.
        boolean failed = status.state() == CameraState.ERROR || status.state() == CameraState.STOPPED;
        if (frame == null || failed) {
            response.setHeader("Retry-After", "1");
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Camera '" + camera.id()
                    + "' has no current picture (" + status.state()
                    + (status.message().isEmpty() ? "" : ": " + status.message()) + ")");
            return;
        }
        response.setContentType("image/jpeg");
        response.setContentLength(frame.jpegLength());
        response.setHeader("X-Timestamp", frame.wallClock().getEpochSecond() + "."
                + String.format("%06d", frame.wallClock().getNano() / 1000));
        response.setHeader("X-Sequence", Long.toString(frame.sequence()));
        noCache(response);
        response.getOutputStream().write(frame.jpeg());
    }

    private void listCameras(HttpServletRequest request, HttpServletResponse response) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonWriter json = new JsonWriter(text)) {
            json.beginArray();
            // Set by the servlet context for viewers: only their cameras are listed.
            Object allowed = request.getAttribute(NightjarHttp.CAMERAS_ATTRIBUTE);
            for (Camera camera : sortedCameras()) {
                if (allowed instanceof Set<?> ids && !ids.contains(camera.id())) {
                    continue;
                }
                CameraStatus status = camera.status();
                json.beginObject().name("id").value(camera.id()).name("name").value(camera.name())
                        .name("state").value(status.state().name()).name("message").value(status.message())
                        .name("width").value(status.width()).name("height").value(status.height()).name("fps");
                if (Double.isFinite(status.fps())) {
                    json.value(status.fps());
                } else {
                    json.nullValue();
                }
                json.endObject();
            }
            json.endArray();
        }
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        noCache(response);
        // A camera's name or message can never close a script element of a page showing it. (Gson's
        // HTML-safe mode would escape = and ' too; JSON has <, > and & only inside strings.)
        response.getWriter().write(text.toString().replace("<", "\\u003c").replace(">", "\\u003e")
                .replace("&", "\\u0026") + "\n");
    }

    /** The page a person lives in is the start page of the {@link WebUi}. */
    private void livePage(HttpServletRequest request, HttpServletResponse response) throws IOException {
        WebUi ui = webUi;
        if (ui == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "No web UI is running");
            return;
        }
        noCache(response);
        response.sendRedirect(request.getContextPath() + ui.startPage());
    }

    private @Nullable Camera firstCamera() {
        List<Camera> sorted = sortedCameras();
        return sorted.isEmpty() ? null : sorted.get(0);
    }

    private List<Camera> sortedCameras() {
        List<Camera> sorted = new ArrayList<>(cameras.values());
        sorted.sort(Comparator.comparing(Camera::id));
        return sorted;
    }

    private static void noCache(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
    }
}
