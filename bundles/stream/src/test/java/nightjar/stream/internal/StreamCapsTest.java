package nightjar.stream.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StreamCapsTest {
    private final StreamCaps caps = new StreamCaps(3, 5);

    @Test
    void anAccountGetsItsCapWhateverTheAddresses() {
        for (int i = 0; i < 3; i++) {
            assertNull(caps.open("alice", "192.0.2." + i));
        }
        String refused = caps.open("alice", "192.0.2.9");
        assertTrue(refused != null && refused.contains("'alice' has 3 streams open")
                && refused.contains("maxStreamsPerAccount"), refused);
        assertEquals(3, caps.openBy("alice"));
        assertEquals(0, caps.openFrom("192.0.2.9"), "a refused stream is not counted");
        assertNull(caps.open("bob", "192.0.2.9"), "other accounts are not held up");
        caps.close("alice", "192.0.2.1");
        assertNull(caps.open("alice", "192.0.2.9"), "a closed stream makes room");
    }

    @Test
    void anAddressGetsItsCapWhateverTheAccounts() {
        for (int i = 0; i < 5; i++) {
            assertNull(caps.open("user" + i, "198.51.100.1"));
        }
        String refused = caps.open("user9", "198.51.100.1");
        assertTrue(refused != null && refused.contains("198.51.100.1 has 5 streams open")
                && refused.contains("maxStreamsPerAddress"), refused);
        assertEquals(0, caps.openBy("user9"));
        assertNull(caps.open(null, "198.51.100.2"), "without an account only the address counts");
    }

    @Test
    void newLimitsApplyToTheNextStream() {
        assertNull(caps.open("alice", "192.0.2.1"));
        assertNull(caps.open("alice", "192.0.2.1"));
        caps.limits(1, 1);
        assertTrue(caps.open("alice", "192.0.2.1") != null);
        caps.close("alice", "192.0.2.1");
        caps.close("alice", "192.0.2.1");
        assertEquals(0, caps.openBy("alice"));
        assertNull(caps.open("alice", "192.0.2.1"));
    }
}
