package nightjar.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceCredentialFileTest {
    @TempDir
    Path data;

    private Path file() {
        return data.resolve("state").resolve(DeviceCredentialFile.FILE);
    }

    @Test
    void madeOnFirstStartRandomTypeableAndOwnerOnly() throws Exception {
        DeviceCredentialFile credential = new DeviceCredentialFile(file());
        assertTrue(credential.username().matches("nvr-[a-km-z2-9]{" + DeviceCredentialFile.NAME_RANDOM_CHARS + "}"),
                credential.username());
        assertEquals(DeviceCredentialFile.SECRET_LENGTH, credential.secret().length());
        assertTrue(credential.secret().chars().allMatch(c -> DeviceCredentialFile.SECRET_ALPHABET.indexOf(c) >= 0),
                "only characters without look-alikes: " + credential.secret());
        assertTrue(credential.secret().chars().noneMatch(c -> "0O1lI".indexOf(c) >= 0));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file().getParent())));
        DeviceCredentialFile another = new DeviceCredentialFile(data.resolve("other").resolve(DeviceCredentialFile.FILE));
        assertNotEquals(credential.secret(), another.secret(), "random, not a default");
        assertNotEquals(credential.username(), another.username());
    }

    @Test
    void survivesARestart() throws Exception {
        DeviceCredentialFile first = new DeviceCredentialFile(file());
        DeviceCredentialFile restarted = new DeviceCredentialFile(file());
        assertEquals(first.username(), restarted.username());
        assertEquals(first.secret(), restarted.secret());
    }

    @Test
    void rotateWritesTheNewSecretBeforeReturningAndRefusesTheOld() throws Exception {
        DeviceCredentialFile credential = new DeviceCredentialFile(file());
        String name = credential.username();
        String old = credential.secret();
        String rotated = credential.rotate();
        assertNotEquals(old, rotated);
        assertEquals(rotated, credential.secret());
        assertEquals(name, credential.username(), "the name stays for the appliance's life");
        DeviceCredentialFile reread = new DeviceCredentialFile(file());
        assertEquals(rotated, reread.secret(), "on disk when rotate returned");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
        assertFalse(credential.matches(name, old));
        assertTrue(credential.matches(name, rotated));
    }

    @Test
    void matchesOnlyTheWholeNameAndSecret() throws Exception {
        DeviceCredentialFile credential = new DeviceCredentialFile(file());
        String name = credential.username();
        String secret = credential.secret();
        assertTrue(credential.matches(name, secret));
        assertFalse(credential.matches(name, secret.substring(1)));
        assertFalse(credential.matches(name, secret + "x"));
        assertFalse(credential.matches(name, ""));
        assertFalse(credential.matches("admin", secret));
        assertFalse(credential.matches(name.toUpperCase(), secret));
        assertFalse(credential.matches(secret, name));
    }

    @Test
    void aFileReadableByOthersIsMadeOwnerOnly() throws Exception {
        DeviceCredentialFile credential = new DeviceCredentialFile(file());
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(credential.secret(), new DeviceCredentialFile(file()).secret());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
    }

    @Test
    void anUnusableFileIsSetAsideAndANewCredentialMade() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "username=nvr-abc\nsecret=short\n");
        DeviceCredentialFile credential = new DeviceCredentialFile(file());
        assertEquals(DeviceCredentialFile.SECRET_LENGTH, credential.secret().length());
        assertEquals("username=nvr-abc\nsecret=short\n",
                Files.readString(file().resolveSibling(DeviceCredentialFile.FILE + ".bad")), "kept for whoever wrote it");
        assertEquals(credential.secret(), new DeviceCredentialFile(file()).secret());
    }

    @Test
    void aMalformedFileIsSetAsideToo() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "username=nvr-abc234\nsecret=\\uZZZZ\n");
        DeviceCredentialFile credential = new DeviceCredentialFile(file());
        assertTrue(credential.username().startsWith("nvr-"));
        assertTrue(Files.exists(file().resolveSibling(DeviceCredentialFile.FILE + ".bad")));
    }

    @Test
    void theSecretIsNeverLoggedNorInToString() throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        DeviceCredentialFile credential;
        String first;
        String rotated;
        try {
            credential = new DeviceCredentialFile(file());
            first = credential.secret();
            rotated = credential.rotate();
        } finally {
            System.setErr(stderr);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("Made the device credential '" + credential.username() + "'"), log);
        assertTrue(log.contains("Rotated the secret of the device credential"), log);
        assertFalse(log.contains(first), log);
        assertFalse(log.contains(rotated), log);
        assertFalse(credential.toString().contains(rotated));
    }
}
