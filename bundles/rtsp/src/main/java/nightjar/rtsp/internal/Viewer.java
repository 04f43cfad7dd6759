package nightjar.rtsp.internal;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import nightjar.api.security.User;

/**
 * Who a request comes from, once authenticated: an account (a viewer sees its cameras, an admin all) or
 * the device credential (every camera).
 *
 * @param name for the log: the account's name, or "the device credential"
 * @param account the account's name, null for the device credential
 * @param secretFingerprint for the device credential: the fingerprint of the secret it logged in with (see
 *        {@link SecretFingerprint}), so that a rotation can end its connection; null for an account
 */
record Viewer(String name, @Nullable String account, boolean allCameras, Set<String> cameras,
        @Nullable String secretFingerprint) {
    Viewer {
        cameras = Set.copyOf(cameras);
    }

    static Viewer of(User user) {
        return new Viewer(user.name(), user.name(), user.role().equals("admin"), user.cameras(), null);
    }

    static Viewer device(String secretFingerprint) {
        return new Viewer("the device credential", null, true, Set.of(), secretFingerprint);
    }

    boolean mayView(String cameraId) {
        return allCameras || cameras.contains(cameraId);
    }
}
