package nightjar.rtsp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import nightjar.api.security.DeviceCredential;

/** Basic (RTSPS: accounts and the device credential) and Digest (plain RTSP: the device credential only). */
class AuthenticatorsTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AuthThrottle throttle = new AuthThrottle(nanos::get);
    private final DeviceCredential device = FakeSecurity.device("nvr", "s3cret");
    private final FakeSecurity.Passwords passwords = FakeSecurity.Passwords.of("admin-pw", "viewer-pw", Set.of("front"));

    private static RtspRequest request(String method, String uri, String authorization) {
        return new RtspRequest(method, uri, 1, authorization == null ? Map.of() : Map.of("authorization", authorization),
                new byte[0]);
    }

    private static String basic(String name, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicTakesAccountsWithTheirCamerasAndTheDeviceCredentialWithoutTheAccountStore() {
        BasicAuthenticator basic = new BasicAuthenticator(() -> passwords, () -> device, throttle, new SecretFingerprint());
        Viewer viewer = basic.authenticate(request("DESCRIBE", "/cameras/front", basic("viewer", "viewer-pw")), "10.0.0.1", 1, false).viewer();
        assertNotNull(viewer);
        assertTrue(viewer.mayView("front"));
        assertTrue(!viewer.mayView("back"));
        assertTrue(basic.authenticate(request("DESCRIBE", "/", basic("admin", "admin-pw")), "10.0.0.1", 1, false).viewer()
                .mayView("back"));

        int checks = passwords.checks.get();
        Viewer nvr = basic.authenticate(request("DESCRIBE", "/", basic("nvr", "s3cret")), "10.0.0.1", 1, false).viewer();
        assertTrue(nvr.mayView("back"));
        AuthOutcome wrongDevice = basic.authenticate(request("DESCRIBE", "/", basic("nvr", "guess")), "10.0.0.1", 1, false);
        assertEquals(401, wrongDevice.status());
        assertEquals(checks, passwords.checks.get(), "the device credential never goes to the account store");

        AuthOutcome none = basic.authenticate(request("DESCRIBE", "/", null), "10.0.0.1", 1, false);
        assertEquals(401, none.status());
        assertEquals(BasicAuthenticator.CHALLENGE, none.challenge());
        assertNull(none.failure(), "a first request without credentials is not a failure to log");
        assertEquals(401, basic.authenticate(request("DESCRIBE", "/", "Basic !!!"), "10.0.0.1", 1, false).status());
        assertEquals(401, basic.authenticate(request("DESCRIBE", "/", "Digest username=\"nvr\""), "10.0.0.1", 1, false).status());
    }

    @Test
    void tenFailuresFromAnAddressAreThrottledForFiveMinutes() {
        BasicAuthenticator basic = new BasicAuthenticator(() -> passwords, () -> device, throttle, new SecretFingerprint());
        for (int i = 0; i < AuthThrottle.MAX_FAILURES; i++) {
            assertEquals(401, basic.authenticate(request("DESCRIBE", "/", basic("admin", "guess" + i)), "10.0.0.9", 1, false)
                    .status());
        }
        int checks = passwords.checks.get();
        AuthOutcome throttled = basic.authenticate(request("DESCRIBE", "/", basic("admin", "admin-pw")), "10.0.0.9", 1, false);
        assertEquals(403, throttled.status());
        assertEquals(checks, passwords.checks.get(), "not even checked");
        assertNotNull(basic.authenticate(request("DESCRIBE", "/", basic("admin", "admin-pw")), "10.0.0.8", 1, false).viewer(),
                "other addresses go on");
        nanos.addAndGet(AuthThrottle.WINDOW_NANOS);
        assertNotNull(basic.authenticate(request("DESCRIBE", "/", basic("admin", "admin-pw")), "10.0.0.9", 1, false).viewer());
    }

    @Test
    void failedDeviceCredentialLoginsLockNoOneOut() {
        BasicAuthenticator basic = new BasicAuthenticator(() -> passwords, () -> device, throttle, new SecretFingerprint());
        for (int i = 0; i < 3 * AuthThrottle.MAX_FAILURES; i++) {
            assertEquals(401, basic.authenticate(request("DESCRIBE", "/", basic("nvr", "old-secret")), "10.0.0.9", 1, false)
                    .status());
        }
        assertNotNull(basic.authenticate(request("DESCRIBE", "/", basic("nvr", "s3cret")), "10.0.0.9", 2, false).viewer(),
                "an updated client behind the same address gets in");
        assertNotNull(basic.authenticate(request("DESCRIBE", "/", basic("admin", "admin-pw")), "10.0.0.9", 2, false)
                .viewer(), "so do accounts");

        DigestAuthenticator digest = new DigestAuthenticator(() -> device, nanos::get, new SecretFingerprint());
        String uri = "rtsp://h/cameras/front";
        for (int i = 0; i < 3 * AuthThrottle.MAX_FAILURES; i++) {
            String nonce = DigestAuthenticator.parameters(digest.challenge(1, false).substring(7)).get("nonce");
            assertEquals(401, digest.authenticate(request("DESCRIBE", uri, digestHeader(nonce, uri, "old-secret")),
                    "10.0.0.9", 1, false).status());
        }
        String nonce = DigestAuthenticator.parameters(digest.challenge(2, false).substring(7)).get("nonce");
        assertNotNull(digest.authenticate(request("DESCRIBE", uri, digestHeader(nonce, uri, "s3cret")), "10.0.0.9", 2,
                false).viewer());
    }

    private static String digestHeader(String nonce, String uri, String secret) {
        return "Digest username=\"nvr\", realm=\"Nightjar\", nonce=\"" + nonce + "\", uri=\"" + uri + "\", response=\""
                + DigestAuthenticator.md5(DigestAuthenticator.md5("nvr:Nightjar:" + secret) + ":" + nonce + ":"
                        + DigestAuthenticator.md5("DESCRIBE:" + uri)) + "\"";
    }

    @Test
    void digestTakesTheDeviceCredentialWithAndWithoutQop() throws Exception {
        DigestAuthenticator digest = new DigestAuthenticator(() -> device, nanos::get, new SecretFingerprint());
        AuthOutcome challenge = digest.authenticate(request("DESCRIBE", "rtsp://h/cameras/front", null), "10.0.0.1", 1, false);
        assertEquals(401, challenge.status());
        String nonce = DigestAuthenticator.parameters(challenge.challenge().substring(7)).get("nonce");
        assertNotNull(nonce);

        String uri = "rtsp://h/cameras/front";
        String ha1 = DigestAuthenticator.md5("nvr:Nightjar:s3cret");
        String ha2 = DigestAuthenticator.md5("DESCRIBE:" + uri);
        String plain = "Digest username=\"nvr\", realm=\"Nightjar\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", response=\"" + DigestAuthenticator.md5(ha1 + ":" + nonce + ":" + ha2) + "\"";
        assertNotNull(digest.authenticate(request("DESCRIBE", uri, plain), "10.0.0.1", 1, false).viewer());
        String withQop = "Digest username=\"nvr\", realm=\"Nightjar\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", qop=auth, nc=00000001, cnonce=\"abc\", response=\""
                + DigestAuthenticator.md5(ha1 + ":" + nonce + ":00000001:abc:auth:" + ha2) + "\", algorithm=MD5";
        assertNotNull(digest.authenticate(request("DESCRIBE", uri, withQop), "10.0.0.1", 1, false).viewer());

        // Another method with the same response, a forged nonce, an account's name: refused.
        assertEquals(401, digest.authenticate(request("SETUP", uri, plain), "10.0.0.1", 1, false).status());
        assertEquals(401, digest.authenticate(request("DESCRIBE", uri, plain.replace(nonce, (nonce.charAt(0) == 'A' ? "B" : "A") + nonce.substring(1))),
                "10.0.0.1", 1, false).status());
        String admin = "Digest username=\"admin\", realm=\"Nightjar\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", response=\"" + DigestAuthenticator.md5(DigestAuthenticator.md5("admin:Nightjar:admin-pw") + ":"
                        + nonce + ":" + ha2) + "\"";
        assertEquals(401, digest.authenticate(request("DESCRIBE", uri, admin), "10.0.0.1", 1, false).status());
        assertEquals(0, passwords.checks.get(), "plain RTSP never checks an account's password");

        // A rotated secret is refused at once.
        device.rotate();
        assertEquals(401, digest.authenticate(request("DESCRIBE", uri, plain), "10.0.0.1", 1, false).status());
    }

    @Test
    void aDigestResponseOpensOnlyItsOwnUriOnItsOwnConnection() {
        DigestAuthenticator digest = new DigestAuthenticator(() -> device, nanos::get, new SecretFingerprint());
        String nonce = DigestAuthenticator.parameters(digest.challenge(7, false).substring(7)).get("nonce");
        String uri = "rtsp://h/cameras/front";
        String header = "Digest username=\"nvr\", realm=\"Nightjar\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", response=\"" + DigestAuthenticator.md5(DigestAuthenticator.md5("nvr:Nightjar:s3cret") + ":" + nonce
                        + ":" + DigestAuthenticator.md5("DESCRIBE:" + uri)) + "\"";
        assertNotNull(digest.authenticate(request("DESCRIBE", uri, header), "10.0.0.1", 7, false).viewer());
        assertNotNull(digest.authenticate(request("DESCRIBE", "rtsp://10.0.0.5:8554/cameras/front", header), "10.0.0.1", 7,
                false).viewer(), "the same path by another host name");
        AuthOutcome otherCamera = digest.authenticate(request("DESCRIBE", "rtsp://h/cameras/back", header), "10.0.0.1", 7,
                false);
        assertEquals(401, otherCamera.status());
        assertEquals("Digest credentials for another URI", otherCamera.failure());
        assertEquals(401, digest.authenticate(request("DESCRIBE", uri, header), "10.0.0.1", 8, false).status(),
                "the nonce was given to connection 7");
    }

    @Test
    void anOldNonceIsStaleOutsideTheSessionItOpened() {
        DigestAuthenticator digest = new DigestAuthenticator(() -> device, nanos::get, new SecretFingerprint());
        String nonce = DigestAuthenticator.parameters(digest.challenge(1, false).substring(7)).get("nonce");
        String uri = "rtsp://h/cameras/front";
        String header = "Digest username=\"nvr\", realm=\"Nightjar\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", response=\"" + DigestAuthenticator.md5(DigestAuthenticator.md5("nvr:Nightjar:s3cret") + ":" + nonce
                        + ":" + DigestAuthenticator.md5("GET_PARAMETER:" + uri)) + "\"";
        nanos.addAndGet(DigestAuthenticator.NONCE_NANOS + 1);
        AuthOutcome stale = digest.authenticate(request("GET_PARAMETER", uri, header), "10.0.0.1", 1, false);
        assertEquals(401, stale.status());
        assertTrue(stale.challenge().contains("stale=TRUE"));
        assertNotNull(digest.authenticate(request("GET_PARAMETER", uri, header), "10.0.0.1", 1, true).viewer());
    }
}
