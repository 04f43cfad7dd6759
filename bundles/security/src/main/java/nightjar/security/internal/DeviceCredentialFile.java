package nightjar.security.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.security.DeviceCredential;

/**
 * The device credential, kept in {@code data/device-credential.properties} (owner-only, written
 * atomically): a name {@code nvr-} and {@value #NAME_RANDOM_CHARS} random characters, and a secret of
 * {@value #SECRET_LENGTH} characters from an alphabet without look-alikes (about 140 bits), so it can be
 * typed from a screen and put in a URL as it is. Made on first start; a file that cannot be read is
 * set aside as {@code .bad} and a new credential made (one WARN line). The secret is never logged.
 * Registered with no configuration, so no service property ever holds the secret.
 */
// Immediate: the credential is made at the first start, not when a protocol first asks for it.
@Component(service = DeviceCredential.class, configurationPolicy = ConfigurationPolicy.IGNORE, immediate = true)
public final class DeviceCredentialFile implements DeviceCredential {
    static final String FILE = "device-credential.properties";
    static final int NAME_RANDOM_CHARS = 6;
    static final int SECRET_LENGTH = 24;
    /** As the generated passwords: no 0/O, 1/l/I. */
    static final String SECRET_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final String NAME_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,63}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9]{16,128}");
    private static final Set<PosixFilePermission> OWNER_ONLY = Set.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);
    private static final Logger LOG = LoggerFactory.getLogger(DeviceCredentialFile.class);

    private final Path file;
    private final SecureRandom random = new SecureRandom();
    private volatile Credential current;

    /** The name and secret; its {@code toString} leaves the secret out, so no log line can carry it by accident. */
    private record Credential(String username, String secret) {
        @Override
        public String toString() {
            return "Credential[" + username + "]";
        }
    }

    @Activate
    public DeviceCredentialFile(BundleContext context) throws IOException {
        this(DataDirectory.of(context).resolve(FILE));
    }

    DeviceCredentialFile(Path file) throws IOException {
        this.file = file;
        Credential loaded = load(file);
        if (loaded == null) {
            loaded = new Credential("nvr-" + random(NAME_ALPHABET, NAME_RANDOM_CHARS), random(SECRET_ALPHABET, SECRET_LENGTH));
            save(loaded);
            LOG.info("Made the device credential '{}' for plain RTSP and ONVIF (admins see its secret on the System page)",
                    loaded.username());
        }
        current = loaded;
    }

    @Override
    public String username() {
        return current.username();
    }

    @Override
    public String secret() {
        return current.secret();
    }

    @Override
    public synchronized String rotate() throws IOException {
        Credential rotated = new Credential(current.username(), random(SECRET_ALPHABET, SECRET_LENGTH));
        save(rotated);
        current = rotated;
        LOG.info("Rotated the secret of the device credential '{}': clients with the old one are refused from now on",
                rotated.username());
        return rotated.secret();
    }

    /** Compares digests, which have one length, with {@link MessageDigest#isEqual}: the time tells nothing of either value. */
    @Override
    public boolean matches(String name, String secret) {
        Credential known = current;
        boolean nameMatches = MessageDigest.isEqual(digest(name), digest(known.username()));
        boolean secretMatches = MessageDigest.isEqual(digest(secret), digest(known.secret()));
        return nameMatches & secretMatches;
    }

    private void save(Credential credential) throws IOException {
        String text = "# Nightjar's device credential for plain RTSP (Digest) and ONVIF; rotate it on the web UI's System page\n"
                + "username=" + credential.username() + "\nsecret=" + credential.secret() + "\n";
        SecureFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The credential in the file; null when there is none or it cannot be used (then set aside). */
    private static @Nullable Credential load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        tightenPermissions(file);
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IllegalArgumentException malformed) {
            // A malformed Unicode escape: as unusable as a missing secret. (A file that cannot be read at all is an
            // IOException: the component does not start and DS says why, with nothing set aside.)
            properties.clear();
        }
        String username = properties.getProperty("username", "");
        String secret = properties.getProperty("secret", "");
        if (NAME.matcher(username).matches() && SECRET.matcher(secret).matches()) {
            return new Credential(username, secret);
        }
        Path aside = file.resolveSibling(file.getFileName() + ".bad");
        Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        LOG.warn("{} has no valid username (a-z first, then a-z 0-9 . _ -) and secret (16 to 128 of A-Z a-z 0-9): "
                + "set aside as {}, making a new device credential", file, aside.getFileName());
        return null;
    }

    private static void tightenPermissions(Path file) throws IOException {
        if (!Files.getFileStore(file).supportsFileAttributeView("posix")) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(permissions)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
            LOG.warn("{} was readable by others: now owner-only (rotate the device credential if others may have read it)",
                    file);
        }
    }

    private String random(String alphabet, int length) {
        StringBuilder chosen = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            chosen.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return chosen.toString();
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Java without SHA-256", e);
        }
    }
}
