package nightjar.security.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounts file ({@code data/accounts.properties}, owner-only) and password checks.
 *
 * <p>On first start it creates the account {@code admin} with a random password, which it prints
 * once on standard output and writes to {@code data/admin-password.txt}; only the Argon2id hash is
 * kept in the accounts file. That file is deleted when the admin's password changes (the generated
 * one is then of no use, and a readable copy of a secret is one copy too many). A successful check is remembered for a few minutes under a salted
 * digest of the credentials, because HTTP Basic sends them with every request and Argon2id is
 * deliberately slow; every change forgets all remembered checks.
 */
final class AccountStore {
    static final String ACCOUNTS_FILE = "accounts.properties";
    static final String ADMIN_PASSWORD_FILE = "admin-password.txt";
    static final String FIRST_ADMIN = "admin";
    private static final Logger LOG = LoggerFactory.getLogger(AccountStore.class);
    /** No look-alike characters (0/O, 1/l/I), so the password can be typed from a screen. */
    private static final char[] PASSWORD_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
            .toCharArray();
    private static final int PASSWORD_LENGTH = 20;
    private static final long REMEMBER_NANOS = 5L * 60 * 1_000_000_000;
    private static final int REMEMBER_MAX = 256;
    /** Well-formed, with the real cost parameters, and matched by no password. */
    private static final String DUMMY_HASH = "$argon2id$v=19$m=" + PasswordHasher.MEMORY_KIB + ",t="
            + PasswordHasher.ITERATIONS + ",p=" + PasswordHasher.PARALLELISM
            + "$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private final Path accountsFile;
    private final PasswordHasher hasher;
    /** Replaced whole on every change (under this store's lock), so readers need no lock. */
    private volatile Map<String, StoredAccount> accounts;
    private final byte[] cacheKey = new byte[32];
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    /** An account with its password's hash, and the hash's stamp in the account. */
    private record StoredAccount(Account account, String passwordHash) {
        StoredAccount {
            account = account.withPasswordHash(passwordHash);
        }
    }

    private record Remembered(Account account, long untilNanos) {
    }

    private AccountStore(Path accountsFile, PasswordHasher hasher, Map<String, StoredAccount> accounts) {
        this.accountsFile = accountsFile;
        this.hasher = hasher;
        this.accounts = accounts;
        new SecureRandom().nextBytes(cacheKey);
    }

    /** Loads the accounts from the data directory, creating the first admin when there are none. */
    static AccountStore open(Path dataDirectory, PasswordHasher hasher) throws IOException {
        Path file = dataDirectory.resolve(ACCOUNTS_FILE);
        if (Files.exists(file)) {
            return new AccountStore(file, hasher, load(file));
        }
        String password = randomPassword();
        String hash;
        try {
            hash = hasher.hash(password);
        } catch (PasswordHasher.BusyException e) {
            throw new IOException("could not hash the first admin password", e);
        }
        Map<String, StoredAccount> accounts = new LinkedHashMap<>();
        accounts.put(FIRST_ADMIN, new StoredAccount(new Account(FIRST_ADMIN, Account.ADMIN, true), hash));
        AccountStore store = new AccountStore(file, hasher, accounts);
        store.save();
        Path passwordFile = dataDirectory.resolve(ADMIN_PASSWORD_FILE);
        SecureFiles.write(passwordFile, (password + "\n").getBytes(StandardCharsets.UTF_8));
        announceFirstPassword(password, passwordFile);
        return store;
    }

    /**
     * The one place a secret reaches standard output, on purpose and once: the person at the console
     * needs it to log in. It does not go through the logger, so it is never kept in log files.
     */
    @SuppressWarnings("java:S106")
    private static void announceFirstPassword(String password, Path passwordFile) {
        System.out.println();
        System.out.println("==================================================================");
        System.out.println(" Nightjar created the account 'admin' with the password:");
        System.out.println();
        System.out.println("     " + password);
        System.out.println();
        System.out.println(" It is also in " + passwordFile.toAbsolutePath() + " (readable by this user only).");
        System.out.println(" You will be asked to change it.");
        System.out.println("==================================================================");
        System.out.println();
        System.out.flush();
        LOG.info("Created the first admin account; its password is in {}", passwordFile.toAbsolutePath());
    }

    /**
     * Checks a name and password.
     *
     * @throws PasswordHasher.BusyException when too many checks run at once
     */
    Optional<Account> authenticate(String name, String password) throws PasswordHasher.BusyException {
        String key = rememberKey(name, password);
        Remembered hit = remembered.get(key);
        long now = System.nanoTime();
        // Only while the password is still the one remembered: a check that raced a change may have put the
        // old one back just after the change cleared the cache.
        StoredAccount current = accounts.get(name);
        if (hit != null && now - hit.untilNanos() < 0 && current != null
                && current.account().passwordStamp() == hit.account().passwordStamp()) {
            return Optional.of(current.account());
        }
        Map<String, StoredAccount> snapshot = accounts;
        StoredAccount stored = snapshot.get(name);
        if (stored == null) {
            // Spend the same time as for a real account, so timing does not reveal which names exist.
            hasher.verify(password, DUMMY_HASH);
            return Optional.empty();
        }
        if (!hasher.verify(password, stored.passwordHash())) {
            return Optional.empty();
        }
        if (remembered.size() >= REMEMBER_MAX) {
            remembered.clear();
        }
        if (snapshot == accounts) {
            remembered.put(key, new Remembered(stored.account(), now + REMEMBER_NANOS));
        }
        return Optional.of(stored.account());
    }

    Optional<Account> find(String name) {
        return Optional.ofNullable(accounts.get(name)).map(StoredAccount::account);
    }

    List<Account> all() {
        return accounts.values().stream().map(StoredAccount::account).toList();
    }

    synchronized void add(String name, String password, String role, Set<String> cameras)
            throws IOException, PasswordHasher.BusyException {
        Account.checkName(name);
        Account.checkRole(role);
        Account.checkCameras(cameras);
        Account.checkPassword(password);
        if (accounts.containsKey(name)) {
            throw new IllegalArgumentException("there is already a user '" + name + "'");
        }
        // A new user's password was chosen by the admin: the user replaces it at first login.
        put(new StoredAccount(new Account(name, role, true, cameras), hasher.hash(password)));
    }

    synchronized void remove(String name) throws IOException {
        StoredAccount stored = existing(name);
        if (stored.account().isAdmin()
                && accounts.values().stream().filter(a -> a.account().isAdmin()).count() == 1) {
            throw new IllegalArgumentException("'" + name + "' is the last admin");
        }
        Map<String, StoredAccount> changed = new LinkedHashMap<>(accounts);
        changed.remove(name);
        replace(changed);
    }

    synchronized void setPassword(String name, String password, boolean mustChange)
            throws IOException, PasswordHasher.BusyException {
        Account.checkPassword(password);
        Account account = existing(name).account();
        put(new StoredAccount(new Account(name, account.role(), mustChange, account.cameras()), hasher.hash(password)));
        if (name.equals(FIRST_ADMIN)) {
            forgetFirstPassword();
        }
    }

    private void forgetFirstPassword() {
        Path passwordFile = accountsFile.resolveSibling(ADMIN_PASSWORD_FILE);
        try {
            if (Files.deleteIfExists(passwordFile)) {
                LOG.info("The password of '{}' was changed: deleted {}", FIRST_ADMIN, passwordFile.toAbsolutePath());
            }
        } catch (IOException e) {
            LOG.warn("The password of '{}' was changed, but {} could not be deleted: {}", FIRST_ADMIN,
                    passwordFile.toAbsolutePath(), e.toString());
        }
    }

    synchronized void setCameras(String name, Set<String> cameras) throws IOException {
        Account.checkCameras(cameras);
        StoredAccount stored = existing(name);
        Account account = stored.account();
        put(new StoredAccount(new Account(name, account.role(), account.mustChangePassword(), cameras),
                stored.passwordHash()));
    }

    private StoredAccount existing(String name) {
        StoredAccount stored = accounts.get(name);
        if (stored == null) {
            throw new IllegalArgumentException("there is no user '" + name + "'");
        }
        return stored;
    }

    private void put(StoredAccount stored) throws IOException {
        Map<String, StoredAccount> changed = new LinkedHashMap<>(accounts);
        changed.put(stored.account().name(), stored);
        replace(changed);
    }

    /** Writes first: when the file cannot be written, nothing changes. */
    private void replace(Map<String, StoredAccount> changed) throws IOException {
        write(accountsFile, changed);
        accounts = changed;
        remembered.clear();
    }

    private String rememberKey(String name, String password) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(cacheKey);
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(password.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private void save() throws IOException {
        write(accountsFile, accounts);
    }

    private static void write(Path accountsFile, Map<String, StoredAccount> accounts) throws IOException {
        StringWriter text = new StringWriter();
        text.write("# Nightjar accounts: <name>.role, <name>.password (Argon2id hash), <name>.mustChangePassword,"
                + " <name>.cameras (a viewer's camera ids)\n");
        for (StoredAccount stored : accounts.values()) {
            Account account = stored.account();
            text.write(account.name() + ".role=" + account.role() + "\n");
            text.write(account.name() + ".password=" + stored.passwordHash() + "\n");
            text.write(account.name() + ".mustChangePassword=" + account.mustChangePassword() + "\n");
            text.write(account.name() + ".cameras=" + String.join(",", new TreeSet<>(account.cameras())) + "\n");
        }
        SecureFiles.write(accountsFile, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, StoredAccount> load(Path file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        Map<String, StoredAccount> accounts = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (!key.endsWith(".password")) {
                continue;
            }
            String name = key.substring(0, key.length() - ".password".length());
            String role = properties.getProperty(name + ".role", Account.VIEWER);
            if (!role.equals(Account.ADMIN) && !role.equals(Account.VIEWER)) {
                throw new IOException("account '" + name + "' in " + file + " has unknown role '" + role + "'");
            }
            boolean mustChange = Boolean.parseBoolean(properties.getProperty(name + ".mustChangePassword", "false"));
            Set<String> cameras = new TreeSet<>(Arrays.stream(properties.getProperty(name + ".cameras", "").split(","))
                    .map(String::trim).filter(c -> !c.isEmpty()).toList());
            accounts.put(name, new StoredAccount(new Account(name, role, mustChange, cameras),
                    properties.getProperty(key)));
        }
        if (accounts.isEmpty()) {
            throw new IOException(file + " holds no accounts; delete it to have a new admin account made");
        }
        return accounts;
    }

    static String randomPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            password.append(PASSWORD_ALPHABET[random.nextInt(PASSWORD_ALPHABET.length)]);
        }
        return password.toString();
    }
}
