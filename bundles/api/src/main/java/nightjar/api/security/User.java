package nightjar.api.security;

import java.util.Set;

/**
 * A user of the appliance, without its password.
 *
 * @param name the login name
 * @param role {@code admin} (everything, web console) or {@code viewer} (only its cameras, watch only)
 * @param cameras the ids of the cameras a viewer may see; ignored for admins, who see all
 * @param mustChangePassword whether the password was set by the appliance or an admin and not yet replaced
 */
public record User(String name, String role, Set<String> cameras, boolean mustChangePassword) {
    public User {
        cameras = Set.copyOf(cameras);
    }
}
