package nightjar.logging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.InvocationTargetException;

import org.junit.jupiter.api.Test;

class FrameworkLogBridgeTest {
    @Test
    void aRefusedConfigurationIsOneLine() {
        IllegalArgumentException refused = new IllegalArgumentException("preRollSeconds must be between 0 and 30, was 99");
        assertEquals("preRollSeconds must be between 0 and 30, was 99", FrameworkLogBridge.refusal(refused));
        // Declarative Services hands on what the constructor threw, sometimes wrapped.
        assertEquals("preRollSeconds must be between 0 and 30, was 99",
                FrameworkLogBridge.refusal(new InvocationTargetException(refused)));
        assertEquals("fps = -5", FrameworkLogBridge.refusal(new IllegalArgumentException("fps = -5\nmore\nlines")));
    }

    @Test
    void anythingElseKeepsItsStackTrace() {
        assertNull(FrameworkLogBridge.refusal(new NullPointerException("a bug")));
        assertNull(FrameworkLogBridge.refusal(new IllegalStateException("wrapped", new UnsatisfiedLinkError("no libc"))));
        assertNull(FrameworkLogBridge.refusal(null));
        assertNull(FrameworkLogBridge.refusal(new IllegalArgumentException()), "no message: the trace is all there is");
    }
}
