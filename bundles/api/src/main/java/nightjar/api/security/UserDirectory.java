package nightjar.api.security;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

    /**
     * The user's own change; needs the current password.
     *
     * @return false when the current password is wrong (nothing changed)
     */
    boolean changePassword(String name, String currentPassword, String newPassword) throws IOException;

    void setCameras(String name, Set<String> cameras) throws IOException;
}
