package nightjar.security.internal;

/**
 * A user of the appliance.
 *
 * @param name the login name
 * @param role {@code admin} or {@code viewer}
 * @param mustChangePassword whether the password was made by the appliance and not yet replaced
 */
record Account(String name, String role, boolean mustChangePassword) {
    static final String ADMIN = "admin";
    static final String VIEWER = "viewer";

    boolean isAdmin() {
        return ADMIN.equals(role);
    }
}
