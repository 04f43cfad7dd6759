package nightjar.security.internal;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.security.User;
import nightjar.api.security.UserDirectory;
import nightjar.api.security.UserDirectory.PasswordChange;

/**
 * The account store as a service for the web UI. A removed user, a reset or changed password ends
 * that user's browser sessions; changed cameras and roles apply from the next request. What a login keeps
 * open (live streams) asks {@link #revocation} whether it still holds.
 */
@Component(service = UserDirectory.class)
public final class Users implements UserDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(Users.class);
    private final Authenticator authenticator;

    @Activate
    public Users(@Reference Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public List<User> users() {
        return authenticator.accounts().all().stream().map(Account::toUser).toList();
    }

    @Override
    public Optional<User> user(String name) {
        return authenticator.accounts().find(name).map(Account::toUser);
    }

    @Override
    public void add(String name, String password, String role, Set<String> cameras) throws IOException {
        try {
            authenticator.accounts().add(name, password, role, cameras);
        } catch (PasswordHasher.BusyException e) {
            throw busy(e);
        }
        LOG.info("Added the {} '{}'", role, name);
    }

    @Override
    public void remove(String name) throws IOException {
        authenticator.accounts().remove(name);
        authenticator.sessions().endAll(name, null);
        LOG.info("Removed the user '{}'", name);
    }

    @Override
    public void resetPassword(String name, String password) throws IOException {
        setPassword(name, password, true);
        LOG.info("Reset the password of '{}'", name);
    }

    @Override
    public PasswordChange changePassword(String name, String currentPassword, String newPassword,
            String clientAddress) throws IOException {
        Authenticator.Result checked = authenticator.login(name, currentPassword, clientAddress);
        if (checked instanceof Authenticator.Result.Throttled) {
            return PasswordChange.THROTTLED;
        } else if (checked instanceof Authenticator.Result.Busy) {
            return PasswordChange.BUSY;
        } else if (!(checked instanceof Authenticator.Result.Authenticated)) {
            return PasswordChange.WRONG_PASSWORD;
        }
        if (newPassword.equals(currentPassword)) {
            throw new IllegalArgumentException("the new password must differ from the current one");
        }
        setPassword(name, newPassword, false);
        LOG.info("'{}' changed its password", name);
        return PasswordChange.CHANGED;
    }

    private void setPassword(String name, String password, boolean mustChange) throws IOException {
        try {
            authenticator.accounts().setPassword(name, password, mustChange);
        } catch (PasswordHasher.BusyException e) {
            throw busy(e);
        }
        authenticator.sessions().endAll(name, null);
    }

    @Override
    public void setCameras(String name, Set<String> cameras) throws IOException {
        authenticator.accounts().setCameras(name, cameras);
        LOG.info("'{}' now sees cameras {}", name, cameras);
    }

    @Override
    public @Nullable String revocation(User atLogin, @Nullable String cameraId) {
        Optional<Account> now = authenticator.accounts().find(atLogin.name());
        if (now.isEmpty()) {
            return "the account " + atLogin.name() + " was removed";
        }
        if (now.get().passwordStamp() != atLogin.passwordStamp()) {
            return "the password of " + atLogin.name() + " was changed";
        }
        if (cameraId != null && !now.get().mayView(cameraId)) {
            return "the account " + atLogin.name() + " may no longer see camera " + cameraId;
        }
        return null;
    }

    private static IOException busy(PasswordHasher.BusyException e) {
        return new IOException("too many password checks at once; try again", e);
    }
}
