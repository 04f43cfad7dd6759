package nightjar.onvif.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import nightjar.api.camera.Camera;
import nightjar.api.camera.CameraIds;
import nightjar.api.camera.Frame;
import nightjar.api.security.DeviceCredential;

/**
 * The snapshot that GetSnapshotUri gives, {@code /onvif/snapshot/<camera>.jpg} over HTTPS: the camera's
 * newest picture for a client that shows the device credential with HTTP Basic, as NVRs and Home
 * Assistant send the ONVIF user and password when they fetch it. An account does not open it (accounts
 * have the web UI's {@code /cameras/<id>/snapshot.jpg}), and the device credential opens nothing else
 * over HTTP. Never over plain HTTP, where Basic would show the secret.
 */
final class Snapshots {
    static final String PATH = "/onvif/snapshot/";
    private static final Pattern SNAPSHOT = Pattern.compile(Pattern.quote(PATH) + "(" + CameraIds.GRAMMAR + ")\\.jpg");

    /** What to answer: a status, and the picture when it is 200. */
    record Answer(int status, byte @Nullable [] jpeg, String message) {
    }

    private final Onvif onvif;

    Snapshots(Onvif onvif) {
        this.onvif = onvif;
    }

    static String path(String cameraId) {
        return PATH + cameraId + ".jpg";
    }

    Answer answer(String path, @Nullable String authorization, boolean secure) {
        Matcher matcher = SNAPSHOT.matcher(path);
        if (!matcher.matches()) {
            return new Answer(404, null, "No such snapshot");
        }
        DeviceCredential credential = onvif.credential();
        if (!secure || credential == null || !basic(authorization, credential)) {
            return new Answer(401, null, "The device credential is required (HTTP Basic over HTTPS)");
        }
        Optional<Camera> camera = onvif.camera(matcher.group(1));
        if (camera.isEmpty()) {
            return new Answer(404, null, "No such camera");
        }
        Frame frame = camera.get().latestFrame();
        if (frame == null) {
            return new Answer(503, null, "The camera has no picture yet");
        }
        byte[] jpeg = new byte[frame.jpegLength()];
        frame.jpeg().get(jpeg);
        return new Answer(200, jpeg, "");
    }

    private static boolean basic(@Nullable String authorization, DeviceCredential credential) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        return colon > 0 && credential.matches(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
}
