package nightjar.rtsp.internal;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

import nightjar.api.security.DeviceCredential;
import nightjar.api.security.PasswordCheck;
import nightjar.api.security.ServerTls;
import nightjar.api.security.User;
import nightjar.api.security.UserDirectory;

/** Small fakes of the security bundle's services. */
final class FakeSecurity {
    private FakeSecurity() {
    }

    static DeviceCredential device(String username, String secret) {
        return new DeviceCredential() {
            private String current = secret;

            @Override
            public String username() {
                return username;
            }

            @Override
            public String secret() {
                return current;
            }

            @Override
            public String rotate() {
                current = current + "-rotated";
                return current;
            }

            @Override
            public boolean matches(String name, String given) {
                return name.equals(username) && given.equals(current);
            }
        };
    }

    /** Accounts by name: password and user; counts the checks made. As a directory, only lookups, removal and cameras. */
    static final class Passwords implements PasswordCheck, UserDirectory {
        private final Map<String, Map.Entry<String, User>> accounts;
        final AtomicInteger checks = new AtomicInteger();

        Passwords(Map<String, Map.Entry<String, User>> accounts) {
            this.accounts = new ConcurrentHashMap<>(accounts);
        }

        @Override
        public List<User> users() {
            return accounts.values().stream().map(Map.Entry::getValue).toList();
        }

        @Override
        public Optional<User> user(String name) {
            return Optional.ofNullable(accounts.get(name)).map(Map.Entry::getValue);
        }

        @Override
        public void add(String name, String password, String role, Set<String> cameras) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void remove(String name) {
            accounts.remove(name);
        }

        @Override
        public void resetPassword(String name, String password) {
            accounts.computeIfPresent(name, (key, account) -> {
                User user = account.getValue();
                return Map.entry(password, new User(name, user.role(), user.cameras(), true, user.passwordStamp() + 1));
            });
        }

        @Override
        public PasswordChange changePassword(String name, String currentPassword, String newPassword,
                String clientAddress) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setCameras(String name, Set<String> cameras) {
            accounts.computeIfPresent(name, (key, account) -> Map.entry(account.getKey(), new User(name,
                    account.getValue().role(), cameras, false, account.getValue().passwordStamp())));
        }

        /** The security bundle's rule, on these accounts. */
        @Override
        public @Nullable String revocation(User atLogin, @Nullable String cameraId) {
            Map.Entry<String, User> account = accounts.get(atLogin.name());
            if (account == null) {
                return "the account " + atLogin.name() + " was removed";
            }
            User now = account.getValue();
            if (now.passwordStamp() != atLogin.passwordStamp()) {
                return "the password of " + atLogin.name() + " was changed";
            }
            if (cameraId != null && !now.role().equals("admin") && !now.cameras().contains(cameraId)) {
                return "the account " + atLogin.name() + " may no longer see camera " + cameraId;
            }
            return null;
        }

        static Passwords of(String adminPassword, String viewerPassword, Set<String> viewerCameras) {
            return new Passwords(Map.of("admin", Map.entry(adminPassword, new User("admin", "admin", Set.of(), false, 1)),
                    "viewer", Map.entry(viewerPassword, new User("viewer", "viewer", viewerCameras, false, 1))));
        }

        @Override
        public Result check(String name, String password, String clientAddress) {
            checks.incrementAndGet();
            Map.Entry<String, User> account = accounts.get(name);
            if (account == null || !account.getKey().equals(password)) {
                return Result.refused(Outcome.REFUSED);
            }
            return new Result(Outcome.ACCEPTED, Optional.of(account.getValue()));
        }
    }

    /** TLS with a self-signed key pair that keytool makes in the directory. */
    static ServerTls tls(Path directory) throws Exception {
        Path store = directory.resolve("rtsp.p12");
        if (!Files.exists(store)) {
            Pictures.run(directory, List.of("keytool", "-genkeypair", "-alias", "rtsp", "-keyalg", "EC", "-groupname",
                    "secp256r1", "-dname", "CN=localhost", "-validity", "2", "-keystore", store.toString(), "-storetype",
                    "PKCS12", "-storepass", "changeit", "-keypass", "changeit"), 60);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        return new ServerTls() {
            @Override
            public SSLContext serverContext() {
                return context;
            }

            @Override
            public String[] protocols() {
                return new String[] {"TLSv1.3", "TLSv1.2"};
            }

            @Override
            public String[] cipherSuites() {
                return context.getSupportedSSLParameters().getCipherSuites();
            }
        };
    }
}
