package nightjar.api.security;

import java.util.Set;

/**
 * A user of the appliance, without its password.
 *
 * @param name the login name
 * @param role {@code admin} (everything, web console) or {@code viewer} (only its cameras, watch only)
 * @param cameras the ids of the cameras a viewer may see; ignored for admins, who see all
 * @param mustChangePassword whether the password was set by the appliance or an admin and not yet replaced
 * @param passwordStamp a number that changes whenever the password is set, and only then: a user taken at
 *        login and the same user now with another stamp logged in with a password that no longer holds
 *        (see {@link UserDirectory#revocation}). It tells nothing of the password.
 */
public record User(String name, String role, Set<String> cameras, boolean mustChangePassword, long passwordStamp) {
    public User {
        cameras = Set.copyOf(cameras);
    }
}
