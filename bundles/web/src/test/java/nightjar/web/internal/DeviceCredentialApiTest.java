package nightjar.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import nightjar.api.http.NightjarHttp;
import nightjar.api.security.DeviceCredential;

/** The device credential's calls: for admins only, the secret only when asked for, rotation answered with the new one. */
class DeviceCredentialApiTest {
    /** A device credential as the security bundle keeps it, in memory. */
    private static final class FakeCredential implements DeviceCredential {
        String secret = "FirstSecret23456789abcd";
        int rotations;

        @Override
        public String username() {
            return "nvr-abc234";
        }

        @Override
        public String secret() {
            return secret;
        }

        @Override
        public String rotate() {
            rotations++;
            secret = "RotatedSecret" + rotations + "456789abc";
            return secret;
        }

        @Override
        public boolean matches(String name, String secret) {
            return name.equals(username()) && secret.equals(this.secret);
        }
    }

    private final FakeCredential credential = new FakeCredential();
    private final DeviceCredentialApi api = new DeviceCredentialApi(credential);

    private FakeHttp call(String method, String path, String role) throws Exception {
        FakeHttp http = new FakeHttp();
        api.service(FakeHttp.request(method, path, role, "camera.example"), http.response);
        return http;
    }

    @Test
    void theNameIsShownAndTheSecretOnlyWhenAskedFor() throws Exception {
        FakeHttp name = call("GET", "/api/device-credential", NightjarHttp.ADMIN_ROLE);
        assertEquals(200, name.status);
        assertEquals("{\"username\":\"nvr-abc234\"}", name.body().trim());
        FakeHttp secret = call("GET", "/api/device-credential/secret", NightjarHttp.ADMIN_ROLE);
        assertEquals("{\"username\":\"nvr-abc234\",\"secret\":\"FirstSecret23456789abcd\"}", secret.body().trim());
        assertEquals("no-store", secret.headers.get("Cache-Control"), "a secret is never kept by a cache");
    }

    @Test
    void rotateAnswersWithTheNewSecret() throws Exception {
        FakeHttp rotated = call("POST", "/api/device-credential/rotate", NightjarHttp.ADMIN_ROLE);
        assertEquals(200, rotated.status);
        assertEquals(1, credential.rotations);
        assertTrue(rotated.body().contains("\"secret\":\"" + credential.secret + "\""), rotated.body());
    }

    @Test
    void aViewerGetsNothingAndChangesNothing() throws Exception {
        for (String[] call : new String[][] {{"GET", "/api/device-credential"}, {"GET", "/api/device-credential/secret"},
                {"POST", "/api/device-credential/rotate"}}) {
            FakeHttp refused = call(call[0], call[1], "viewer");
            assertEquals(403, refused.status, call[1]);
            assertFalse(refused.body().contains(credential.secret), refused.body());
            assertFalse(refused.body().contains(credential.username()), refused.body());
        }
        assertEquals(0, credential.rotations);
    }

    @Test
    void aRotationIsAPostAndOtherPathsAreNotFound() throws Exception {
        assertEquals(405, call("GET", "/api/device-credential/rotate", NightjarHttp.ADMIN_ROLE).status);
        assertEquals(405, call("DELETE", "/api/device-credential", NightjarHttp.ADMIN_ROLE).status);
        assertEquals(404, call("GET", "/api/device-credential/other", NightjarHttp.ADMIN_ROLE).status);
        assertEquals(0, credential.rotations);
    }
}
