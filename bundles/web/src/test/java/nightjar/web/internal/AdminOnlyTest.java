package nightjar.web.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The second line behind the servlet context: which calls of the JSON API are for admins only. */
class AdminOnlyTest {
    @Test
    void viewersWatchCamerasAndChangeOnlyTheirOwnPassword() {
        CamerasApi cameras = new CamerasApi(null);
        assertFalse(cameras.adminOnly("/api/cameras", "GET"));
        assertFalse(cameras.adminOnly("/api/cameras/front/recordings", "GET"));
        assertTrue(cameras.adminOnly("/api/cameras/front/record", "POST"));
        assertTrue(cameras.adminOnly("/api/cameras/front/motion", "POST"));
        assertTrue(cameras.adminOnly("/api/cameras/front/recordings/2026-12-01/101010-motion", "DELETE"));
        assertTrue(cameras.adminOnly("/api/illumination", "POST"));

        // The account's own calls are their own servlet; the users are another.
        MeApi me = new MeApi(null);
        assertFalse(me.adminOnly("/api/me", "GET"));
        assertFalse(me.adminOnly("/api/me/password", "POST"));
        UsersApi users = new UsersApi(null, null, null);
        assertTrue(users.adminOnly("/api/users", "GET"));
        assertTrue(users.adminOnly("/api/users/vic", "DELETE"));
        assertTrue(users.adminOnly("/api/meX", "GET"), "not a prefix match");

        assertTrue(new SettingsApi(null, null, null).adminOnly("/api/settings", "GET"));
    }
}
