package nightjar.security.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Checks HTTP Basic credentials against the account store; shared by the Nightjar servlet context
 * and the web console. Opening the store makes the first admin account on a new appliance.
 */
@Component(service = Authenticator.class)
public final class Authenticator {
    static final String REALM_CHALLENGE = "Basic realm=\"Nightjar\", charset=\"UTF-8\"";

    private final AccountStore accounts;

    @Activate
    public Authenticator(BundleContext context) throws IOException {
        this(AccountStore.open(DataDirectory.of(context), new PasswordHasher()));
    }

    Authenticator(AccountStore accounts) {
        this.accounts = accounts;
    }

    /** The outcome of checking a request's credentials. */
    sealed interface Result {
        /** Valid credentials of this account. */
        record Authenticated(Account account) implements Result {
        }

        /** Missing, malformed or wrong credentials. */
        record Rejected() implements Result {
        }

        /** Too many password checks at once; the client should retry. */
        record Busy() implements Result {
        }
    }

    Result check(@Nullable String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)) {
            return new Result.Rejected();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorizationHeader.substring(6).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Result.Rejected();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return new Result.Rejected();
        }
        try {
            Optional<Account> account = accounts.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1));
            return account.<Result>map(Result.Authenticated::new).orElseGet(Result.Rejected::new);
        } catch (PasswordHasher.BusyException e) {
            return new Result.Busy();
        }
    }

    /** Answers a request whose check did not authenticate it. */
    static void refuse(Result result, HttpServletResponse response) throws IOException {
        if (result instanceof Result.Busy) {
            response.setHeader("Retry-After", "2");
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Too many logins at once; try again");
        } else {
            response.setHeader("WWW-Authenticate", REALM_CHALLENGE);
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "Log in with a Nightjar account");
        }
    }
}
