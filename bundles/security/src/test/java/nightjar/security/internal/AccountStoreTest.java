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
}
