package nightjar.security.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import java.util.regex.Pattern;

import nightjar.api.camera.CameraIds;
import nightjar.api.security.User;

/**
 * A user of the appliance.
 *
 * @param name the login name
 * @param role {@code admin} or {@code viewer}
 * @param mustChangePassword whether the password was made by the appliance or an admin and not yet replaced
 * @param cameras the cameras a viewer may see (admins see all)
 * @param passwordStamp see {@link User#passwordStamp}: from the stored hash ({@link #stampOf})
 */
record Account(String name, String role, boolean mustChangePassword, Set<String> cameras, long passwordStamp) {
    static final String ADMIN = "admin";
    static final String VIEWER = "viewer";
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,31}");

    Account {
        cameras = Set.copyOf(cameras);
    }

    Account(String name, String role, boolean mustChangePassword, Set<String> cameras) {
        this(name, role, mustChangePassword, cameras, 0);
    }

    Account(String name, String role, boolean mustChangePassword) {
        this(name, role, mustChangePassword, Set.of());
    }

    /** The same account with the stamp of this stored password hash. */
    Account withPasswordHash(String passwordHash) {
        return new Account(name, role, mustChangePassword, cameras, stampOf(passwordHash));
    }

    /**
     * A password's stamp: the first 8 bytes of the SHA-256 of its stored hash, which is salted anew each time
     * the password is set, so the stamp changes with every setting, the same password set again included.
     */
    static long stampOf(String passwordHash) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(passwordHash.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    boolean isAdmin() {
        return ADMIN.equals(role);
    }

    boolean mayView(String cameraId) {
        return isAdmin() || cameras.contains(cameraId);
    }

    User toUser() {
        return new User(name, role, isAdmin() ? Set.of() : cameras, mustChangePassword, passwordStamp);
    }

    static void checkRole(String role) {
        if (!role.equals(ADMIN) && !role.equals(VIEWER)) {
            throw new IllegalArgumentException("role must be admin or viewer, was '" + role + "'");
        }
    }

    static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a user name is 1 to 32 of a-z, 0-9, '.', '_', '-', starting with a letter");
        }
    }

    static void checkCameras(Set<String> cameras) {
        for (String camera : cameras) {
            if (!CameraIds.isValid(camera)) {
                throw new IllegalArgumentException("not a camera id: '" + camera + "'");
            }
        }
    }

    static void checkPassword(String password) {
        if (password.length() < 10 || password.length() > 128) {
            throw new IllegalArgumentException("a password has 10 to 128 characters");
        }
    }
}
