package nightjar.security.internal;

import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

import nightjar.api.security.PasswordCheck;

/**
 * An account's name and password checked exactly as an HTTP login checks them ({@link Authenticator#login}):
 * the same account store and Argon2id hashes, the same throttle (the client's address waits after
 * repeated failures; failures for one name from many addresses make each of them wait sooner), so a
 * guesser gains nothing by moving from HTTPS to RTSPS.
 */
@Component(service = PasswordCheck.class, configurationPolicy = ConfigurationPolicy.IGNORE)
public final class AccountPasswordCheck implements PasswordCheck {
    private final Authenticator authenticator;

    @Activate
    public AccountPasswordCheck(@Reference Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public Result check(String name, String password, String clientAddress) {
        Authenticator.Result checked = authenticator.login(name, password, clientAddress);
        if (checked instanceof Authenticator.Result.Authenticated authenticated) {
            return new Result(Outcome.ACCEPTED, Optional.of(authenticated.account().toUser()));
        } else if (checked instanceof Authenticator.Result.Throttled) {
            return Result.refused(Outcome.THROTTLED);
        } else if (checked instanceof Authenticator.Result.Busy) {
            return Result.refused(Outcome.BUSY);
        }
        return Result.refused(Outcome.REFUSED);
    }
}
