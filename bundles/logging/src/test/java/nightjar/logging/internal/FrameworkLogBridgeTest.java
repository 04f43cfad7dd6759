package nightjar.logging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Collections;

import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceException;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogReaderService;

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
    void aFailedComponentsServiceAskedForIsOneLine() {
        String reason = "Service factory returned null. (Component: nightjar.recorder.internal.RecorderComponent (1))";
        assertEquals(reason, FrameworkLogBridge.refusal(new ServiceException(reason, ServiceException.FACTORY_ERROR)));
        // What Felix's log service hands on: its own exception, with the framework's in its text.
        assertEquals(reason, FrameworkLogBridge.refusal(new RuntimeException(ServiceException.class.getName() + ": " + reason)));
    }

    @Test
    void theSameMessageWithinAMinuteIsCountedNotRepeated() {
        long[] now = {0};
        LogReaderService reader = (LogReaderService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {LogReaderService.class},
                (proxy, method, args) -> method.getName().equals("getLog") ? Collections.emptyEnumeration() : null);
        FrameworkLogBridge bridge = new FrameworkLogBridge(reader, () -> now[0], () -> false);
        String failed = "[nightjar.recorder] could not activate: preRollSeconds must be 0 to 30, was 99";
        assertEquals(failed, bridge.admit(failed));
        for (int i = 0; i < 9; i++) {
            now[0] += 1_000_000_000L;
            assertNull(bridge.admit(failed), "again " + i);
        }
        assertEquals("another message", bridge.admit("another message"));
        now[0] += FrameworkLogBridge.REPEAT_WINDOW_NANOS;
        assertEquals(failed + " (also 9 more times in the minute before)", bridge.admit(failed));
        now[0] += FrameworkLogBridge.REPEAT_WINDOW_NANOS;
        assertEquals(failed, bridge.admit(failed), "nothing came in between");
    }

    @Test
    void anythingElseKeepsItsStackTrace() {
        assertNull(FrameworkLogBridge.refusal(new NullPointerException("a bug")));
        assertNull(FrameworkLogBridge.refusal(new IllegalStateException("wrapped", new UnsatisfiedLinkError("no libc"))));
        assertNull(FrameworkLogBridge.refusal(null));
        assertNull(FrameworkLogBridge.refusal(new IllegalArgumentException()), "no message: the trace is all there is");
    }

    @Test
    void aComponentGoneWhileTheFrameworkStopsIsNoError() {
        // EventAdmin delivers an event to a handler whose component has just been deactivated: the framework
        // logs a FrameworkEvent ERROR with a ServiceException. When the appliance stops, nothing failed.
        String message = "FrameworkEvent ERROR";
        String line = message + ": " + FrameworkLogBridge.GONE + ". (null)";
        for (boolean stopping : new boolean[] {true, false}) {
            FrameworkLogBridge bridge = new FrameworkLogBridge(emptyReader(), () -> 0, () -> stopping);
            bridge.logged(entry(message, new ServiceException(FrameworkLogBridge.GONE + ". (null)",
                    ServiceException.FACTORY_ERROR)));
            // What was logged is remembered for a minute: the same line again would only be counted.
            if (stopping) {
                assertEquals(line, bridge.admit(line), "not logged while stopping");
            } else {
                assertNull(bridge.admit(line), "logged while running");
            }
        }
    }

    private static LogReaderService emptyReader() {
        return (LogReaderService) Proxy.newProxyInstance(FrameworkLogBridgeTest.class.getClassLoader(),
                new Class<?>[] {LogReaderService.class},
                (proxy, method, args) -> method.getName().equals("getLog") ? Collections.emptyEnumeration() : null);
    }

    private static LogEntry entry(String message, Throwable exception) {
        return (LogEntry) Proxy.newProxyInstance(FrameworkLogBridgeTest.class.getClassLoader(),
                new Class<?>[] {LogEntry.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getLogLevel" -> LogLevel.ERROR;
                    case "getMessage" -> message;
                    case "getException" -> exception;
                    case "getLoggerName" -> "eventadmin";
                    default -> null;
                });
    }
}
