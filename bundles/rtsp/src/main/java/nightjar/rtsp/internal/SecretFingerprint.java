package nightjar.rtsp.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a connection remembers of the device credential it logged in with, so that a rotation ends it:
 * an HMAC of the name and secret under a key of this server's life (the secret itself is kept nowhere
 * here, and the fingerprint says nothing of it outside this process).
 */
final class SecretFingerprint {
    private final byte[] key = new byte[32];

    SecretFingerprint() {
        new SecureRandom().nextBytes(key);
    }

    String of(String username, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((username + ":" + secret).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
