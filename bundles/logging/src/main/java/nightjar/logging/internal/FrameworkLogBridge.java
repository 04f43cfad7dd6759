package nightjar.logging.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the warnings and errors that reach the OSGi log service to Nightjar's log. Declarative
 * Services reports a component that fails to activate (a bad configuration value, a missing native
 * library) there, and the framework its bundle errors; without this they were kept in memory and
 * never seen. What was logged before this bundle started is taken from the service's history.
 */
@Component(service = {})
public final class FrameworkLogBridge implements LogListener {
    static final long REPEAT_WINDOW_NANOS = 60_000_000_000L;
    /** What the framework says when a bundle asks for the service of a component that is not (or no longer) there. */
    static final String GONE = "Service factory returned null";
    private static final int MAX_REMEMBERED = 200;
    private final LogReaderService reader;
    private final LongSupplier nanos;
    /** Whether the framework is stopping: components go away then while events are still delivered. */
    private final BooleanSupplier stopping;
    /** Messages logged in the last minute: when, and how many times they came again since. Guarded by this. */
    private final Map<String, long[]> recent = new HashMap<>();

    @Activate
    public FrameworkLogBridge(@Reference LogReaderService reader, BundleContext context) {
        this(reader, System::nanoTime, () -> context.getBundle(0).getState() == Bundle.STOPPING);
    }

    FrameworkLogBridge(LogReaderService reader, LongSupplier nanos, BooleanSupplier stopping) {
        this.reader = reader;
        this.nanos = nanos;
        this.stopping = stopping;
        List<LogEntry> earlier = new ArrayList<>(Collections.list(reader.getLog()));
        Collections.reverse(earlier); // the history comes newest first
        earlier.forEach(this::logged);
        reader.addLogListener(this);
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
    }

    @Override
    public void logged(LogEntry entry) {
        LogLevel level = entry.getLogLevel();
        if (!LogLevel.WARN.implies(level)) {
            return;
        }
        Logger log = LoggerFactory.getLogger(entry.getLoggerName());
        Bundle bundle = entry.getBundle();
        String message = (bundle == null ? "" : "[" + bundle.getSymbolicName() + "] ") + entry.getMessage();
        Throwable exception = entry.getException();
        String refusal = refusal(exception);
        if (refusal != null && stopping.getAsBoolean() && refusal.startsWith(GONE)) {
            // The appliance stops: an event was delivered to a component that had just gone. Nothing failed.
            log.debug("{} while stopping: {}", message, refusal);
            return;
        }
        if (refusal != null) {
            // A component that refuses its configuration says why in its message: one line, no stack trace.
            message = message + ": " + refusal;
            exception = null;
        }
        message = admit(message);
        if (message == null) {
            return;
        }
        if (level == LogLevel.WARN) {
            log.warn(message, exception);
        } else {
            log.error(message, exception);
        }
    }

    /**
     * The same message again within a minute of its last logged line is only counted (Declarative
     * Services tries a failed component again whenever something asks for its service, and says so
     * each time); the first one after the minute says how often it came meanwhile. Null: do not log.
     */
    synchronized @Nullable String admit(String message) {
        long now = nanos.getAsLong();
        long[] seen = recent.get(message);
        if (seen != null && now - seen[0] < REPEAT_WINDOW_NANOS) {
            seen[1]++;
            return null;
        }
        if (recent.size() >= MAX_REMEMBERED) {
            recent.values().removeIf(old -> now - old[0] >= REPEAT_WINDOW_NANOS);
        }
        recent.put(message, new long[] {now, 0});
        return seen == null || seen[1] == 0 ? message
                : message + " (also " + seen[1] + " more times in the minute before)";
    }

    /**
     * The reason, on one line, when the exception (or one it wraps) is a component's refusal of a
     * value ({@link IllegalArgumentException}) or the framework's report that such a component's
     * service could not be had; null for anything else, whose stack trace is wanted.
     */
    static @Nullable String refusal(@Nullable Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String message = cause.getMessage();
            if (message == null) {
                continue;
            }
            if (cause instanceof IllegalArgumentException) {
                return message.lines().findFirst().orElse("").strip();
            }
            // A bundle asked for the service of a component that failed (the log service hands the
            // framework's ServiceException on by its text): the component's own line said why.
            if (cause instanceof ServiceException || message.startsWith(ServiceException.class.getName() + ": ")) {
                return message.lines().findFirst().orElse("").replace(ServiceException.class.getName() + ": ", "").strip();
            }
        }
        return null;
    }
}
