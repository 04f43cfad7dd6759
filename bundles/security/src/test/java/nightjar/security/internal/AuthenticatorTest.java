package nightjar.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {
    @TempDir
    Path data;
    private Authenticator authenticator;
    private String password;

    @BeforeEach
    void setUp() throws Exception {
        PrintStream original = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            authenticator = new Authenticator(AccountStore.open(data, new PasswordHasher()));
        } finally {
            System.setOut(original);
        }
        password = Files.readString(data.resolve(AccountStore.ADMIN_PASSWORD_FILE)).trim();
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private Authenticator.Result check(String header) {
        return authenticator.check(header, "192.0.2.1");
    }

    @Test
    void acceptsOnlyWellFormedValidBasicCredentials() {
        Authenticator.Result ok = check(basic("admin:" + password));
        assertEquals("admin", assertInstanceOf(Authenticator.Result.Authenticated.class, ok).account().name());
        assertInstanceOf(Authenticator.Result.Authenticated.class, check("basic  " + basic("admin:" + password).substring(6)));
        assertInstanceOf(Authenticator.Result.Rejected.class, authenticator.check(null, "192.0.2.1"));
        assertInstanceOf(Authenticator.Result.Rejected.class, check(basic("admin:wrong")));
        assertInstanceOf(Authenticator.Result.Rejected.class, check(basic("admin")));
        assertInstanceOf(Authenticator.Result.Rejected.class, check(basic(":" + password)));
        assertInstanceOf(Authenticator.Result.Rejected.class, check("Basic %%%not-base64"));
        assertInstanceOf(Authenticator.Result.Rejected.class, check("Bearer abc"));
    }

    @Test
    void manyWrongPasswordsAreThrottledEvenWithTheRightOneAfterwards() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertInstanceOf(Authenticator.Result.Rejected.class, authenticator.check(basic("admin:wrong" + i), "192.0.2.9"));
        }
        assertInstanceOf(Authenticator.Result.Rejected.class, authenticator.check(basic("admin:wrong"), "192.0.2.9"));
        Authenticator.Result throttled = authenticator.check(basic("admin:" + password), "192.0.2.9");
        assertInstanceOf(Authenticator.Result.Throttled.class, throttled, "not even checked while throttled");
    }
}
