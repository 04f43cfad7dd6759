package nightjar.rtsp.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import nightjar.api.security.DeviceCredential;

/**
 * Plain RTSP's logins: HTTP Digest (RFC 2617, MD5, which is what RTSP clients speak; with or without
 * {@code qop=auth}) with the device credential only, never an account's password (an account's password
 * is kept as an Argon2id hash, which Digest cannot be checked against). Nonces are made, not stored:
 * the time they were made and an HMAC of it and the connection's number with a key of this server's
 * life, so one is good on the connection it was given on only, for {@link #NONCE_NANOS} (then the client
 * is told it is stale and retries with a new one; within a session this connection authenticated, an old
 * nonce keeps working). A response counts only for the request URI it names (RFC 2617 3.2.2.5), so an
 * overheard one opens neither another camera nor another connection. Failures are not throttled (the
 * secret, about 140 bits, cannot be guessed; counting them would let a client left with an old secret lock
 * out an updated one behind the same address), only logged, summarised.
 */
final class DigestAuthenticator implements Authenticator {
    static final String REALM = "Nightjar";
    static final long NONCE_NANOS = TimeUnit.MINUTES.toNanos(10);
    private static final Pattern PARAMETER = Pattern.compile("\\s*([A-Za-z-]+)\\s*=\\s*(\"([^\"]*)\"|[^,\\s]*)\\s*,?");

    private final Supplier<@Nullable DeviceCredential> device;
    private final LongSupplier nanos;
    private final SecretFingerprint fingerprints;
    private final byte[] key = new byte[32];

    DigestAuthenticator(Supplier<@Nullable DeviceCredential> device, LongSupplier nanos,
            SecretFingerprint fingerprints) {
        this.device = device;
        this.nanos = nanos;
        this.fingerprints = fingerprints;
        new SecureRandom().nextBytes(key);
    }

    String challenge(long connection, boolean stale) {
        return "Digest realm=\"" + REALM + "\", nonce=\"" + nonce(nanos.getAsLong(), connection) + "\", algorithm=MD5"
                + (stale ? ", stale=TRUE" : "");
    }

    @Override
    public AuthOutcome authenticate(RtspRequest request, String address, long connection, boolean inSession) {
        String authorization = request.header("Authorization");
        if (authorization == null) {
            return AuthOutcome.refused(401, challenge(connection, false), null);
        }
        if (!authorization.regionMatches(true, 0, "Digest ", 0, 7)) {
            return AuthOutcome.refused(401, challenge(connection, false), "not Digest authentication (plain RTSP takes the "
                    + "device credential with Digest only)");
        }
        Map<String, String> parameters = parameters(authorization.substring(7));
        String username = parameters.get("username");
        String nonce = parameters.get("nonce");
        String uri = parameters.get("uri");
        String response = parameters.get("response");
        String algorithm = parameters.getOrDefault("algorithm", "MD5");
        String qop = parameters.get("qop");
        if (username == null || nonce == null || uri == null || response == null || !algorithm.equalsIgnoreCase("MD5")
                || !REALM.equals(parameters.get("realm")) || qop != null && !qop.equals("auth")) {
            return AuthOutcome.refused(401, challenge(connection, false), "malformed Digest credentials");
        }
        Long made = madeAt(nonce, connection);
        if (made == null) {
            return AuthOutcome.refused(401, challenge(connection, false), "a nonce this server did not make for this "
                    + "connection");
        }
        // RFC 2617 3.2.2.5: the response must be for this request's URI (else an overheard one could be replayed on
        // another camera); clients write it as in the request line, or at least with the same path.
        String path = RtspConnection.pathOf(request.uri());
        if (!uri.equals(request.uri()) && (path == null || !path.equals(RtspConnection.pathOf(uri)))) {
            return AuthOutcome.refused(401, challenge(connection, false), "Digest credentials for another URI");
        }
        DeviceCredential credential = device.get();
        if (credential == null) {
            return AuthOutcome.refused(503, null, "the device credential is not available");
        }
        // One read of the secret: the response is checked against it and the connection remembers it.
        String secret = credential.secret();
        String ha1 = md5(username + ":" + REALM + ":" + secret);
        String ha2 = md5(request.method() + ":" + uri);
        String expected = qop == null ? md5(ha1 + ":" + nonce + ":" + ha2)
                : md5(ha1 + ":" + nonce + ":" + parameters.getOrDefault("nc", "") + ":"
                        + parameters.getOrDefault("cnonce", "") + ":auth:" + ha2);
        boolean rightName = username.equals(credential.username());
        boolean rightResponse = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        if (!rightName || !rightResponse) {
            return AuthOutcome.refused(401, challenge(connection, false), "wrong device credential");
        }
        if (!inSession && nanos.getAsLong() - made > NONCE_NANOS) {
            return AuthOutcome.refused(401, challenge(connection, true), null);
        }
        return AuthOutcome.accepted(Viewer.device(fingerprints.of(username, secret)));
    }

    /** The parameters of a Digest header, by lower-case name (quoted values unquoted). */
    static Map<String, String> parameters(String text) {
        Map<String, String> result = new HashMap<>();
        Matcher matcher = PARAMETER.matcher(text);
        int at = 0;
        while (at < text.length() && matcher.find(at) && matcher.start() == at) {
            String value = matcher.group(3) != null ? matcher.group(3) : matcher.group(2);
            result.putIfAbsent(matcher.group(1).toLowerCase(Locale.ROOT), value);
            at = matcher.end();
            if (matcher.end() == matcher.start()) {
                break;
            }
        }
        return result;
    }

    /** When it was made, and an HMAC of that and the connection's number: good on that connection only. */
    private String nonce(long now, long connection) {
        ByteBuffer made = ByteBuffer.allocate(8).putLong(now);
        byte[] mac = mac(ByteBuffer.allocate(16).putLong(now).putLong(connection).array());
        ByteBuffer nonce = ByteBuffer.allocate(8 + 16).put(made.array()).put(mac, 0, 16);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce.array());
    }

    /** When a nonce of this server's for the connection was made; null when it is not one. */
    private @Nullable Long madeAt(String nonce, long connection) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (bytes.length != 24) {
            return null;
        }
        byte[] made = Arrays.copyOf(bytes, 8);
        byte[] expected = Arrays.copyOf(mac(ByteBuffer.allocate(16).put(made).putLong(connection).array()), 16);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(bytes, 8, 24))) {
            return null;
        }
        return ByteBuffer.wrap(bytes).getLong();
    }

    private byte[] mac(byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }
}
