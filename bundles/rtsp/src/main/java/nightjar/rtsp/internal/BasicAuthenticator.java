package nightjar.rtsp.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import nightjar.api.security.DeviceCredential;
import nightjar.api.security.PasswordCheck;
import nightjar.api.security.User;

/**
 * RTSPS's logins: HTTP Basic (over TLS only) with an account's name and password, checked by the
 * account store (slow on purpose, on the connection's own thread), or with the device credential.
 */
final class BasicAuthenticator implements Authenticator {
    static final String CHALLENGE = "Basic realm=\"Nightjar\"";

    private final Supplier<@Nullable PasswordCheck> passwords;
    private final Supplier<@Nullable DeviceCredential> device;
    private final AuthThrottle throttle;
    private final SecretFingerprint fingerprints;

    BasicAuthenticator(Supplier<@Nullable PasswordCheck> passwords, Supplier<@Nullable DeviceCredential> device,
            AuthThrottle throttle, SecretFingerprint fingerprints) {
        this.passwords = passwords;
        this.device = device;
        this.throttle = throttle;
        this.fingerprints = fingerprints;
    }

    @Override
    public AuthOutcome authenticate(RtspRequest request, String address, long connection, boolean inSession) {
        String authorization = request.header("Authorization");
        if (authorization == null) {
            return AuthOutcome.refused(401, CHALLENGE, null);
        }
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return AuthOutcome.refused(401, CHALLENGE, "not Basic authentication");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return AuthOutcome.refused(401, CHALLENGE, "malformed Basic credentials");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return AuthOutcome.refused(401, CHALLENGE, "malformed Basic credentials");
        }
        String name = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        // The device credential is not throttled: its secret (about 140 bits) cannot be guessed, and counting its
        // failures would let a client left with an old secret lock out an updated one behind the same address.
        // Its failures are still logged (summarised) by the caller.
        DeviceCredential credential = device.get();
        if (credential != null && name.equals(credential.username())) {
            if (credential.matches(name, password)) {
                return AuthOutcome.accepted(Viewer.device(fingerprints.of(name, password)));
            }
            return AuthOutcome.refused(401, CHALLENGE, "wrong device credential");
        }
        if (throttle.refuses(address)) {
            return AuthOutcome.refused(403, null, "too many failed logins from this address");
        }
        PasswordCheck check = passwords.get();
        if (check == null) {
            return AuthOutcome.refused(503, null, "the account store is not running");
        }
        PasswordCheck.Result result = check.check(name, password, address);
        return switch (result.outcome()) {
            case ACCEPTED -> {
                User user = result.user().orElseThrow();
                yield AuthOutcome.accepted(Viewer.of(user));
            }
            case REFUSED -> {
                throttle.failed(address);
                yield AuthOutcome.refused(401, CHALLENGE, "wrong user name or password");
            }
            case THROTTLED -> AuthOutcome.refused(403, null, "too many failed logins (the account store's throttle)");
            case BUSY -> AuthOutcome.refused(503, null, "too many password checks at once");
        };
    }
}
