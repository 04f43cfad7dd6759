package nightjar.onvif.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;

import nightjar.api.security.DeviceCredential;
import nightjar.tasks.TaskClock;

/**
 * Checks a WS-Security UsernameToken (OASIS Username Token Profile 1.0) against the device credential.
 * A {@code PasswordDigest} is {@code Base64(SHA-1(nonce + created + secret))}: it must carry a nonce
 * not seen before and a {@code Created} within {@link #WINDOW} of our clock, so a token overheard on
 * plain HTTP cannot be replayed. A {@code PasswordText} (the secret itself) is taken only over TLS.
 * Only tokens that proved the secret are remembered, so nobody without it can fill the memory of nonces;
 * when it is full of nonces still in their window, further tokens are refused until some age out. The
 * memory starts empty with each endpoint (a restart, a configuration change), so a digest created before
 * this object was made is refused: it may be one seen before. A nonce is forgotten only once a token
 * created with it can no longer be taken.
 */
final class UsernameTokens {
    static final Duration WINDOW = Duration.ofMinutes(5);
    static final int MAX_NONCES = 10_000;
    static final String PASSWORD_TEXT =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText";
    static final String PASSWORD_DIGEST =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";
    private static final int MAX_NONCE_BYTES = 128;

    private final TaskClock clock;
    /** Digests created before this are refused: their nonces may have been used before we started. */
    private final Instant started;
    /** Nonces of accepted digests and when they leave the window, oldest first. Guarded by itself. */
    private final Map<String, Instant> nonces = new LinkedHashMap<>();

    UsernameTokens(TaskClock clock) {
        this.clock = clock;
        this.started = clock.now();
    }

    /**
     * Whether the request's {@code wsse:Security} header holds a UsernameToken of the device credential.
     *
     * @param secure whether the request came over TLS (a PasswordText is refused otherwise)
     */
    boolean accepts(@Nullable Element security, DeviceCredential credential, boolean secure) {
        Element token = SafeXml.child(security, Soap.WSSE, "UsernameToken");
        String username = SafeXml.text(SafeXml.child(token, Soap.WSSE, "Username"));
        Element passwordElement = SafeXml.child(token, Soap.WSSE, "Password");
        String password = SafeXml.text(passwordElement);
        if (token == null || username == null || passwordElement == null || password == null) {
            return false;
        }
        String type = passwordElement.getAttribute("Type");
        if (type.isEmpty() || type.equals(PASSWORD_TEXT)) {
            return secure && credential.matches(username, password);
        }
        if (!type.equals(PASSWORD_DIGEST)) {
            return false;
        }
        String nonceText = SafeXml.text(SafeXml.child(token, Soap.WSSE, "Nonce"));
        String created = SafeXml.text(SafeXml.child(token, Soap.WSU, "Created"));
        if (nonceText == null || created == null) {
            return false;
        }
        byte[] nonce;
        try {
            nonce = Base64.getMimeDecoder().decode(nonceText);
        } catch (IllegalArgumentException e) {
            return false;
        }
        Instant createdAt = instant(created);
        Instant now = clock.now();
        if (nonce.length == 0 || nonce.length > MAX_NONCE_BYTES || createdAt == null || createdAt.isBefore(started)
                || createdAt.isBefore(now.minus(WINDOW)) || createdAt.isAfter(now.plus(WINDOW))) {
            return false;
        }
        byte[] expected = digest(nonce, created, credential.secret()).getBytes(StandardCharsets.US_ASCII);
        boolean nameMatches = MessageDigest.isEqual(username.getBytes(StandardCharsets.UTF_8),
                credential.username().getBytes(StandardCharsets.UTF_8));
        if (!(MessageDigest.isEqual(expected, password.getBytes(StandardCharsets.US_ASCII)) & nameMatches)) {
            return false;
        }
        return firstUse(Base64.getEncoder().encodeToString(nonce), createdAt.plus(WINDOW), now);
    }

    /**
     * Remembers a nonce until it leaves the window; false when it was seen already, or memory is full. At
     * {@code forgetAt} itself its token is still taken (created exactly a window ago), so it is kept then.
     */
    private boolean firstUse(String nonce, Instant forgetAt, Instant now) {
        synchronized (nonces) {
            nonces.values().removeIf(forget -> forget.isBefore(now));
            if (nonces.containsKey(nonce) || nonces.size() >= MAX_NONCES) {
                return false;
            }
            nonces.put(nonce, forgetAt);
            return true;
        }
    }

    /** The Username Token Profile's digest: {@code Base64(SHA-1(nonce + created + password))}. */
    static String digest(byte[] nonce, String created, String password) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(nonce);
            sha1.update(created.getBytes(StandardCharsets.UTF_8));
            sha1.update(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    private static @Nullable Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
