package nightjar.security.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}).
 *
 * <p>Each hash needs {@link #MEMORY_KIB} KiB of heap while it runs, so at most
 * {@link #CONCURRENT_HASHES} run at once: a burst of login attempts must not exhaust a small Pi.
 * A check that finds both busy waits at most {@value #PERMIT_WAIT_MILLIS} ms for one (about the time
 * of a hash or two), then gives up with {@link BusyException} (503 with Retry-After): a flood of
 * logins must not hold every Jetty thread in a queue for the hasher.
 */
final class PasswordHasher {
    /** OWASP's recommended minimum for Argon2id; about a tenth of a second on a Pi 4. */
    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    static final int CONCURRENT_HASHES = 2;
    static final long PERMIT_WAIT_MILLIS = 500;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    /** Stored hashes are checked against these before use, so a tampered file cannot ask for gigabytes. */
    private static final int MAX_MEMORY_KIB = 256 * 1024;
    private static final int MAX_ITERATIONS = 16;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");

    private final SecureRandom random = new SecureRandom();
    private final Semaphore permits;

    /** Thrown when too many hashes are already running and waiting would take too long. */
    static final class BusyException extends Exception {
        private static final long serialVersionUID = 1L;

        BusyException() {
            super("too many password checks at once");
        }
    }

    PasswordHasher() {
        this(new Semaphore(CONCURRENT_HASHES, true));
    }

    /** With the permits a test holds or watches. */
    PasswordHasher(Semaphore permits) {
        this.permits = permits;
    }

    String hash(String password) throws BusyException {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = compute(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
    }

    /** Whether the password matches the stored hash; false for a malformed hash. */
    boolean verify(String password, String encoded) throws BusyException {
        Matcher m = PHC.matcher(encoded);
        if (!m.matches()) {
            return false;
        }
        int memory = Integer.parseInt(m.group(1));
        int iterations = Integer.parseInt(m.group(2));
        int parallelism = Integer.parseInt(m.group(3));
        if (memory < 8 || memory > MAX_MEMORY_KIB || iterations < 1 || iterations > MAX_ITERATIONS
                || parallelism < 1 || parallelism > 4) {
            return false;
        }
        byte[] salt;
        byte[] expected;
        try {
            salt = Base64.getDecoder().decode(m.group(4));
            expected = Base64.getDecoder().decode(m.group(5));
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (expected.length < 16 || expected.length > 64) {
            return false;
        }
        byte[] actual = compute(password, salt, memory, iterations, parallelism, expected.length);
        return MessageDigest.isEqual(actual, expected);
    }

    private byte[] compute(String password, byte[] salt, int memoryKib, int iterations, int parallelism,
            int length) throws BusyException {
        try {
            if (!permits.tryAcquire(PERMIT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new BusyException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusyException();
        }
        try {
            Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withMemoryAsKB(memoryKib)
                    .withIterations(iterations)
                    .withParallelism(parallelism)
                    .withSalt(salt)
                    .build();
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(parameters);
            byte[] out = new byte[length];
            generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
            return out;
        } finally {
            permits.release();
        }
    }
}
