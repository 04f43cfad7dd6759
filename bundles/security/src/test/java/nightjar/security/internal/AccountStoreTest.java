package nightjar.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountStoreTest {
    @TempDir
    Path data;

    private String openCapturingStdout() throws IOException {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            AccountStore.open(data, new PasswordHasher());
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void firstStartMakesARandomAdminPasswordShownOnceAndStoresOnlyItsHash() throws Exception {
        String stdout = openCapturingStdout();
        Path passwordFile = data.resolve(AccountStore.ADMIN_PASSWORD_FILE);
        String password = Files.readString(passwordFile).trim();
        assertTrue(password.matches("[A-Za-z2-9]{20}"), password);
        assertEquals(1, stdout.split(password, -1).length - 1, "printed exactly once");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
        Path accounts = data.resolve(AccountStore.ACCOUNTS_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(accounts)));
        String stored = Files.readString(accounts);
        assertFalse(stored.contains(password), "only the hash is stored");
        assertTrue(stored.contains("admin.password=$argon2id$"), stored);
        assertTrue(stored.contains("admin.mustChangePassword=true"), stored);

        AccountStore reopened = AccountStore.open(data, new PasswordHasher());
        Account admin = reopened.authenticate("admin", password).orElseThrow();
        assertTrue(admin.isAdmin());
        assertTrue(admin.mustChangePassword());
        assertTrue(reopened.authenticate("admin", password).isPresent(), "remembered check gives the same answer");
        assertTrue(reopened.authenticate("admin", password + "x").isEmpty());
        assertTrue(reopened.authenticate("nobody", password).isEmpty());
        assertEquals(password, Files.readString(passwordFile).trim(), "a second start makes no new password");
    }

    @Test
    void twoAppliancesGetDifferentPasswords() throws Exception {
        assertFalse(AccountStore.randomPassword().equals(AccountStore.randomPassword()));
    }

    @Test
    void aBrokenAccountsFileIsAClearError() throws Exception {
        Files.writeString(data.resolve(AccountStore.ACCOUNTS_FILE), "admin.role=root\nadmin.password=x\n");
        IOException e = assertThrows(IOException.class, () -> AccountStore.open(data, new PasswordHasher()));
        assertTrue(e.getMessage().contains("unknown role 'root'"), e.getMessage());
        Files.writeString(data.resolve(AccountStore.ACCOUNTS_FILE), "# nothing\n");
        e = assertThrows(IOException.class, () -> AccountStore.open(data, new PasswordHasher()));
        assertTrue(e.getMessage().contains("holds no accounts"), e.getMessage());
    }

    @Test
    void usersWithRolesAndCamerasSurviveARestartAndBadInputChangesNothing() throws Exception {
        openCapturingStdout();
        AccountStore store = AccountStore.open(data, new PasswordHasher());
        store.add("anna", "anna-password-1", Account.VIEWER, java.util.Set.of("front", "garden"));
        Path file = data.resolve(AccountStore.ACCOUNTS_FILE);
        String before = Files.readString(file);
        assertThrows(IllegalArgumentException.class, () -> store.add("anna", "another-password", Account.VIEWER, java.util.Set.of()));
        assertThrows(IllegalArgumentException.class, () -> store.add("Bad Name", "long-enough-pw", Account.VIEWER, java.util.Set.of()));
        assertThrows(IllegalArgumentException.class, () -> store.add("bob", "short", Account.VIEWER, java.util.Set.of()));
        assertThrows(IllegalArgumentException.class, () -> store.add("bob", "long-enough-pw", "root", java.util.Set.of()));
        assertThrows(IllegalArgumentException.class, () -> store.add("bob", "long-enough-pw", Account.VIEWER, java.util.Set.of("../x")));
        assertThrows(IllegalArgumentException.class, () -> store.remove("admin"), "the last admin stays");
        assertThrows(IllegalArgumentException.class, () -> store.remove("nobody"));
        assertEquals(before, Files.readString(file), "nothing changed");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        AccountStore reopened = AccountStore.open(data, new PasswordHasher());
        Account anna = reopened.authenticate("anna", "anna-password-1").orElseThrow();
        assertEquals(java.util.Set.of("front", "garden"), anna.cameras());
        assertTrue(anna.mustChangePassword(), "a password set by the admin is replaced at first login");
        assertTrue(anna.mayView("front"));
        assertFalse(anna.mayView("back"));
        reopened.setCameras("anna", java.util.Set.of("back"));
        reopened.setPassword("anna", "anna-password-2", false);
        assertTrue(reopened.authenticate("anna", "anna-password-1").isEmpty(), "the remembered old password is forgotten");
        Account changed = AccountStore.open(data, new PasswordHasher()).authenticate("anna", "anna-password-2").orElseThrow();
        assertEquals(java.util.Set.of("back"), changed.cameras());
        assertFalse(changed.mustChangePassword());
        reopened.remove("anna");
        assertTrue(AccountStore.open(data, new PasswordHasher()).find("anna").isEmpty());
    }

    @Test
    void theGeneratedPasswordFileGoesWhenTheAdminChangesThePassword() throws Exception {
        openCapturingStdout();
        Path passwordFile = data.resolve(AccountStore.ADMIN_PASSWORD_FILE);
        AccountStore store = AccountStore.open(data, new PasswordHasher());
        store.add("anna", "anna-password-1", Account.ADMIN, java.util.Set.of());
        store.setPassword("anna", "anna-password-2", false);
        assertTrue(Files.exists(passwordFile), "another account's change leaves it");
        store.setPassword(AccountStore.FIRST_ADMIN, "the-admins-own-password", false);
        assertFalse(Files.exists(passwordFile), "the generated password is of no use any more");
        assertTrue(AccountStore.open(data, new PasswordHasher()).authenticate("admin", "the-admins-own-password").isPresent());
    }
}
