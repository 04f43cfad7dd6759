package nightjar.api.security;

import java.io.IOException;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The appliance's device credential: one random name and secret for the protocols whose
 * authentication needs a secret the server can compute with (plain RTSP's Digest, ONVIF's
 * WS-UsernameToken digest), so that no account password is ever kept in a recoverable form. It grants
 * what an NVR needs and no more: every camera's stream, snapshot and events, no settings. Kept
 * owner-only in the data directory; shown to admins in the web UI, who can rotate it. Offered by the
 * security bundle, registered without service properties (the secret is never one).
 */
@ProviderType
public interface DeviceCredential {
    /** The user name, fixed for the appliance's life. */
    String username();

    /** The secret, as clients type it. Never logged. */
    String secret();

    /**
     * Makes a new secret, written before this returns: clients with the old one are refused from now on.
     *
     * @return the new secret
     */
    String rotate() throws IOException;

    /** Whether {@code name} and {@code secret} are the device credential, compared in constant time. */
    boolean matches(String name, String secret);
}
