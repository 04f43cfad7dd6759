package nightjar.api.security;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The user store, for the web UI's users page and password change. Every change is written to the
 * store's file before the method returns and ends the sessions it makes stale. Invalid input (a
 * malformed name, a short password, an unknown role, removing the last admin) is an
 * {@link IllegalArgumentException} and changes nothing.
 */
@ProviderType
public interface UserDirectory {
    List<User> users();

    Optional<User> user(String name);

    void add(String name, String password, String role, Set<String> cameras) throws IOException;

    void remove(String name) throws IOException;

    /** An admin's reset: the user must change the new password at its next login in the browser. */
    void resetPassword(String name, String password) throws IOException;

    /** What became of a user's own password change. */
    enum PasswordChange {
        CHANGED,
        /** The current password is wrong; nothing changed. */
        WRONG_PASSWORD,
        /** The client's address failed too often: not even checked (the login throttle's rule). */
        THROTTLED,
        /** Too many password checks at once: try again in a moment. */
        BUSY
    }

    /**
     * The user's own change; needs the current password, checked like a login from the client's
     * address (so it is throttled like one).
     */
    PasswordChange changePassword(String name, String currentPassword, String newPassword, String clientAddress)
            throws IOException;

    void setCameras(String name, Set<String> cameras) throws IOException;

    /**
     * Why a login no longer holds, for what it keeps open (a live stream): the account was removed, its
     * password set anew since, or (with {@code cameraId}) it may no longer see that camera. Null while it holds.
     *
     * @param atLogin the user as the login found it
     * @param cameraId the camera the login is using, null for none
     */
    @Nullable String revocation(User atLogin, @Nullable String cameraId);
}
