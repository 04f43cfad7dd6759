package nightjar.web.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nightjar.api.camera.Camera;
import nightjar.api.camera.CameraIds;
import nightjar.api.camera.CameraStatus;
import nightjar.api.http.AccessLevel;
import nightjar.api.http.NightjarAccess;
import nightjar.api.http.NightjarHttp;
import nightjar.api.illumination.Illumination;
import nightjar.api.illumination.IlluminationMode;
import nightjar.api.illumination.IlluminationStatus;
import nightjar.api.motion.MotionDetector;
import nightjar.api.motion.MotionStatus;
import nightjar.api.recording.Recorder;
import nightjar.api.recording.RecordingStatus;

/**
 * The live state and the controls: {@code GET /api/cameras} (the cameras the account may see,
 * each with its motion and recording state, and the illumination), {@code POST
 * /api/cameras/<id>/record} and {@code /motion} with {@code {on}}, {@code POST /api/illumination}
 * with {@code {mode}}, and {@code DELETE /api/cameras/<id>/recordings/<day>/<clip>}. Motion,
 * recording and illumination are optional: what is absent is left out of the answers, and its
 * controls answer 503. The servlet context lets only admins change anything.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("nightjar.web.cameras")
@HttpWhiteboardServletPattern({"/api/cameras", "/api/cameras/*", "/api/illumination"})
@HttpWhiteboardContextSelect(NightjarHttp.CONTEXT_SELECT)
@NightjarAccess(AccessLevel.VIEWER)
public final class CamerasApi extends ApiServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CamerasApi.class);
    private static final Pattern CONTROL = Pattern.compile("/api/cameras/(" + CameraIds.GRAMMAR + ")/(record|motion)");
    private static final Pattern CLIP = Pattern.compile(
            "/api/cameras/(" + CameraIds.GRAMMAR + ")/recordings/(\\d{4}-\\d{2}-\\d{2}/\\d{6}-[a-z]+(?:-\\d{1,3})?)");

    private final transient LiveServices services;

    @Activate
    public CamerasApi(@Reference LiveServices services) {
        this.services = services;
    }

    @Override
    void route(HttpServletRequest request, HttpServletResponse response, String path, String method)
            throws IOException, Api.Refused {
        Matcher control = CONTROL.matcher(path);
        Matcher clip = CLIP.matcher(path);
        if (path.equals("/api/cameras") && method.equals("GET")) {
            Api.ok(response, state(request));
        } else if (control.matches() && method.equals("POST")) {
            String id = camera(control.group(1));
            boolean on = Api.bool(Api.body(request, Set.of("on")), "on");
            if (control.group(2).equals("record")) {
                Recorder present = require(services.recorder(), "recorder");
                if (on) {
                    present.startManual(id);
                } else {
                    present.stopManual(id);
                }
            } else {
                require(services.detector(id), "motion detector of camera " + id).setDetecting(on);
            }
            LOG.info("{} switched {} of camera {} {}", Api.user(request), control.group(2), id, on ? "on" : "off");
            Api.ok(response, Map.of("camera", id, control.group(2), on));
        } else if (path.equals("/api/illumination") && method.equals("POST")) {
            String mode = Api.string(Api.body(request, Set.of("mode")), "mode").toUpperCase(Locale.ROOT);
            IlluminationMode parsed;
            try {
                parsed = IlluminationMode.valueOf(mode);
            } catch (IllegalArgumentException e) {
                throw new Api.Refused(HttpServletResponse.SC_BAD_REQUEST, "mode must be ON, OFF or AUTO");
            }
            Illumination present = require(services.illumination(), "illumination");
            present.setMode(parsed);
            Api.ok(response, illumination(present.status()));
        } else if (clip.matches() && method.equals("DELETE")) {
            String id = camera(clip.group(1));
            if (!require(services.index(), "recording index").delete(id, clip.group(2))) {
                throw new Api.Refused(HttpServletResponse.SC_NOT_FOUND, "No finished clip " + clip.group(2));
            }
            LOG.info("{} deleted the clip {} of camera {}", Api.user(request), clip.group(2), id);
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        } else {
            throw new Api.Refused(HttpServletResponse.SC_NOT_FOUND, "No such call: " + method + " " + path);
        }
    }

    private String camera(String id) throws Api.Refused {
        if (!services.hasCamera(id)) {
            throw new Api.Refused(HttpServletResponse.SC_NOT_FOUND, "No camera '" + id + "'");
        }
        return id;
    }

    private static <T> T require(@Nullable T service, String what) throws Api.Refused {
        if (service == null) {
            throw new Api.Refused(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "There is no " + what + " running");
        }
        return service;
    }

    private Map<String, Object> state(HttpServletRequest request) {
        List<Camera> visible = new ArrayList<>(services.cameras());
        visible.removeIf(camera -> !Api.mayView(request, camera.id()));
        List<Object> list = new ArrayList<>();
        Recorder presentRecorder = services.recorder();
        for (Camera camera : visible) {
            CameraStatus status = camera.status();
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", camera.id());
            json.put("name", camera.name());
            json.put("state", status.state().name());
            json.put("message", status.message());
            json.put("width", status.width());
            json.put("height", status.height());
            json.put("fps", Math.round(status.fps() * 10) / 10.0);
            MotionDetector detector = services.detector(camera.id());
            if (detector != null) {
                json.put("motion", motion(detector.status()));
            }
            if (presentRecorder != null) {
                try {
                    RecordingStatus recording = presentRecorder.status(camera.id());
                    json.put("recording", Map.of("recording", recording.recording(), "manual", recording.manual(),
                            "message", recording.message()));
                } catch (IllegalArgumentException | IllegalStateException e) {
                    // The recorder does not record this camera (yet): nothing to show.
                }
            }
            list.add(json);
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("cameras", list);
        Illumination presentIllumination = services.illumination();
        state.put("illumination", presentIllumination == null ? null : illumination(presentIllumination.status()));
        state.put("recorder", presentRecorder != null);
        state.put("admin", Api.isAdmin(request));
        return state;
    }

    /** A camera's motion detection as the UI shows it, with the bytes its detector holds. */
    static Map<String, Object> motion(MotionStatus motion) {
        return Map.of("detecting", motion.detecting(), "motion", motion.motion(),
                "score", Math.round(motion.score() * 1000) / 1000.0, "memoryBytes", motion.memoryBytes());
    }

    private static Map<String, Object> illumination(IlluminationStatus status) {
        return Map.of("mode", status.mode().name(), "on", status.on(), "decidedBy", status.decidedBy(),
                "message", status.message());
    }
}
