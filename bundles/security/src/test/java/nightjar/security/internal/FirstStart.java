package nightjar.security.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** An account store as the appliance's first start makes it, for the tests that log in to one. */
final class FirstStart {
    private FirstStart() {
    }

    /** Opens a new store in this data directory without printing its generated admin password on the console. */
    static AccountStore openQuietly(Path data) throws IOException {
        PrintStream original = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            return AccountStore.open(data, new PasswordHasher());
        } finally {
            System.setOut(original);
        }
    }

    /** The admin password the first start generated and wrote for the owner. */
    static String adminPassword(Path data) throws IOException {
        return Files.readString(data.resolve(AccountStore.ADMIN_PASSWORD_FILE)).trim();
    }
}
