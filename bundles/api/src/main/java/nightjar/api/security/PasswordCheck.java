package nightjar.api.security;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Checks an account's name and password for protocols that carry them without HTTP (RTSPS's Basic
 * over TLS), with the same store, hashing and throttle as an HTTP login. Offered by the security bundle.
 */
@ProviderType
public interface PasswordCheck {
    /** What became of a check. */
    enum Outcome {
        ACCEPTED,
        /** Unknown name or wrong password (not told apart, so names cannot be probed). */
        REFUSED,
        /** The name or the client's address failed too often: not even checked. */
        THROTTLED,
        /** Too many password checks at once: try again in a moment. */
        BUSY
    }

    /**
     * @param user the account, present only when {@link Outcome#ACCEPTED}
     */
    record Result(Outcome outcome, Optional<User> user) {
        public static Result refused(Outcome outcome) {
            return new Result(outcome, Optional.empty());
        }
    }

    /**
     * Checks a login; slow on purpose (the password hash), so never called on a thread that must not wait.
     *
     * @param clientAddress the client's IP address, for the throttle
     */
    Result check(String name, String password, String clientAddress);
}
