package nightjar.rtsp.internal;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import nightjar.api.security.User;

/**
 * Who a request comes from, once authenticated: an account (a viewer sees its cameras, an admin all) or
 * the device credential (every camera).
 *
 * @param name for the log: the account's name, or "the device credential"
 * @param login the account as its login found it (its password's stamp), null for the device credential
 * @param secretFingerprint for the device credential: the fingerprint of the secret it logged in with (see
 *        {@link SecretFingerprint}), so that a rotation can end its connection; null for an account
 */
record Viewer(String name, @Nullable User login, boolean allCameras, Set<String> cameras,
        @Nullable String secretFingerprint) {
    Viewer {
        cameras = Set.copyOf(cameras);
    }

    static Viewer of(User user) {
        return new Viewer(user.name(), user, user.role().equals("admin"), user.cameras(), null);
    }

    /** The same login with the account's rights as they are now. */
    Viewer withRightsOf(User now) {
        return new Viewer(name, login, now.role().equals("admin"), now.cameras(), secretFingerprint);
    }

    /** The account's name, null for the device credential. */
    @Nullable String account() {
        return login == null ? null : login.name();
    }

    static Viewer device(String secretFingerprint) {
        return new Viewer("the device credential", null, true, Set.of(), secretFingerprint);
    }

    boolean mayView(String cameraId) {
        return allCameras || cameras.contains(cameraId);
    }
}
