package nightjar.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void hashesAreSaltedArgon2idThatVerifyOnlyTheirPassword() throws Exception {
        String first = hasher.hash("correct horse");
        String second = hasher.hash("correct horse");
        assertTrue(first.matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), first);
        assertNotEquals(first, second, "each hash has its own salt");
        assertTrue(hasher.verify("correct horse", first));
        assertTrue(hasher.verify("correct horse", second));
        assertFalse(hasher.verify("correct horse ", first));
        assertFalse(hasher.verify("", first));
        assertTrue(hasher.verify("pässwörd ✓", hasher.hash("pässwörd ✓")), "UTF-8 passwords");
    }

    @Test
    void malformedOrHostileHashesNeverMatch() throws Exception {
        String good = hasher.hash("x");
        assertFalse(hasher.verify("x", "plain-text-password"));
        assertFalse(hasher.verify("x", good.replace("argon2id", "argon2i")));
        assertFalse(hasher.verify("x", good.replace("m=19456", "m=4194304")), "no gigabytes on request");
        assertFalse(hasher.verify("x", good.replace("t=2", "t=999")));
        assertFalse(hasher.verify("x", good.substring(0, good.length() - 20)));
    }

    @Test
    void aCheckThatFindsTheHasherBusyGivesUpWithinHalfASecondInsteadOfHoldingItsThread() {
        List<Long> waits = new ArrayList<>();
        Semaphore busy = new Semaphore(0) {
            private static final long serialVersionUID = 1L;

            @Override
            public boolean tryAcquire(long timeout, TimeUnit unit) {
                waits.add(unit.toMillis(timeout));
                return false;
            }

            @Override
            public boolean tryAcquire() {
                waits.add(0L);
                return false;
            }
        };
        PasswordHasher full = new PasswordHasher(busy);
        assertThrows(PasswordHasher.BusyException.class, () -> full.verify("x", hasher.hash("x")));
        assertEquals(1, waits.size());
        assertTrue(waits.get(0) <= 500, "waited up to " + waits.get(0) + " ms for a permit");
    }
}
