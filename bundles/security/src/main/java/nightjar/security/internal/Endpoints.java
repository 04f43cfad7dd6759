package nightjar.security.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.http.AccessLevel;
import nightjar.api.http.NightjarHttp;

/**
 * The servlets and resources of the Nightjar context with the access level each declares
 * ({@link NightjarHttp#ACCESS_PROPERTY}), and which of them a path reaches. Security knows no
 * endpoint's path: it reads the whiteboard patterns and levels of whatever is registered, so a new
 * endpoint says who may reach it where it is written. A ServiceTracker rather than a DS reference,
 * because resources are services of any type and only their properties matter here.
 */
@Component(service = Endpoints.class)
public final class Endpoints {
    private static final Logger LOG = LoggerFactory.getLogger(Endpoints.class);
    private static final String FILTER = "(|(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=*)("
            + HttpWhiteboardConstants.HTTP_WHITEBOARD_RESOURCE_PATTERN + "=*))";

    /** The patterns of one servlet or resource and its level. */
    record Endpoint(List<String> patterns, AccessLevel level) {
        Endpoint {
            patterns = List.copyOf(patterns);
        }
    }

    private final Map<Object, Endpoint> endpoints = new ConcurrentHashMap<>();
    private @Nullable ServiceTracker<Object, ServiceReference<Object>> tracker;

    /** For tests: a fixed set of endpoints. */
    static Endpoints of(Collection<Endpoint> fixed) {
        Endpoints endpoints = new Endpoints();
        fixed.forEach(e -> endpoints.endpoints.put(new Object(), e));
        return endpoints;
    }

    @Activate
    void activate(BundleContext context) throws InvalidSyntaxException {
        ServiceTracker<Object, ServiceReference<Object>> started = new ServiceTracker<>(context,
                context.createFilter(FILTER), null) {
            @Override
            public ServiceReference<Object> addingService(ServiceReference<Object> reference) {
                put(reference);
                return reference;
            }

            @Override
            public void modifiedService(ServiceReference<Object> reference, ServiceReference<Object> service) {
                put(reference);
            }

            @Override
            public void removedService(ServiceReference<Object> reference, ServiceReference<Object> service) {
                endpoints.remove(reference);
            }
        };
        tracker = started;
        started.open(true);
    }

    @Deactivate
    void deactivate() {
        ServiceTracker<Object, ServiceReference<Object>> open = tracker;
        if (open != null) {
            open.close();
        }
        endpoints.clear();
    }

    private void put(ServiceReference<?> reference) {
        if (!NightjarHttp.CONTEXT_SELECT.equals(reference.getProperty(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT))) {
            endpoints.remove(reference);
            return;
        }
        List<String> patterns = new ArrayList<>();
        patterns.addAll(strings(reference.getProperty(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN)));
        patterns.addAll(strings(reference.getProperty(HttpWhiteboardConstants.HTTP_WHITEBOARD_RESOURCE_PATTERN)));
        Object declared = reference.getProperty(NightjarHttp.ACCESS_PROPERTY);
        AccessLevel level = level(declared);
        if (level == null) {
            LOG.warn("Endpoint {} of bundle {} declares no valid {} ({}): it is for admins", patterns,
                    reference.getBundle() == null ? "?" : reference.getBundle().getSymbolicName(),
                    NightjarHttp.ACCESS_PROPERTY, declared);
            level = AccessLevel.ADMIN;
        }
        endpoints.put(reference, new Endpoint(patterns, level));
    }

    private static @Nullable AccessLevel level(@Nullable Object declared) {
        if (declared instanceof AccessLevel level) {
            return level;
        }
        if (declared instanceof String name) {
            for (AccessLevel level : AccessLevel.values()) {
                if (level.name().equals(name)) {
                    return level;
                }
            }
        }
        return null;
    }

    private static List<String> strings(@Nullable Object value) {
        if (value instanceof String one) {
            return List.of(one);
        }
        if (value instanceof String[] many) {
            return List.of(many);
        }
        if (value instanceof Collection<?> many) {
            return many.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    /**
     * The level of the endpoint that serves a decoded path, where the whiteboard has said which pattern
     * it matched ({@code servedPattern}, from the request's servlet mapping): what the tracked endpoints
     * with that pattern declare, the strictest of them. The whiteboard and this tracker each hear of a
     * new servlet on their own, so for a moment the whiteboard may serve one that is not tracked yet (or
     * no longer): no tracked endpoint has its pattern then, and it is for admins until it is tracked.
     * Judged by its path alone, it would get the level of a broader pattern, {@code /} at worst.
     * Without a served pattern (a request dispatched otherwise), the path decides, as {@link #level(String)}.
     */
    AccessLevel level(String path, @Nullable String servedPattern) {
        if (servedPattern == null || servedPattern.isEmpty()) {
            return level(path);
        }
        @Nullable AccessLevel chosen = null;
        for (Endpoint endpoint : endpoints.values()) {
            if (endpoint.patterns().contains(servedPattern) && (chosen == null || stricter(endpoint.level(), chosen))) {
                chosen = endpoint.level();
            }
        }
        return chosen == null ? AccessLevel.ADMIN : chosen;
    }

    /**
     * The level of the endpoint a decoded path reaches, chosen as the whiteboard chooses the servlet: an
     * exact pattern, else the longest {@code /prefix/*}, else an extension {@code *.ext}, else the
     * default {@code /}; of two endpoints with the same pattern the stricter counts. A path that reaches
     * nothing is for admins (it is a 404 for them).
     */
    AccessLevel level(String path) {
        long best = -1;
        AccessLevel chosen = AccessLevel.ADMIN;
        for (Endpoint endpoint : endpoints.values()) {
            for (String pattern : endpoint.patterns()) {
                long score = score(pattern, path);
                if (score > best || score == best && score >= 0 && stricter(endpoint.level(), chosen)) {
                    best = score;
                    chosen = endpoint.level();
                }
            }
        }
        return best < 0 ? AccessLevel.ADMIN : chosen;
    }

    /** How well a pattern matches a path, higher is better; -1 when it does not match. */
    private static long score(String pattern, String path) {
        if (pattern.equals("/")) {
            return 0;
        }
        if (pattern.startsWith("*.")) {
            String last = path.substring(path.lastIndexOf('/') + 1);
            return last.endsWith(pattern.substring(1)) ? 1 : -1;
        }
        if (pattern.endsWith("/*")) {
            String prefix = pattern.substring(0, pattern.length() - 2);
            return path.equals(prefix) || path.startsWith(prefix + "/") ? 2 + prefix.length() : -1;
        }
        return pattern.equals(path) ? Long.MAX_VALUE : -1;
    }

    private static boolean stricter(AccessLevel a, AccessLevel b) {
        return strictness(a) > strictness(b);
    }

    private static int strictness(AccessLevel level) {
        return switch (level) {
            case ADMIN -> 3;
            case METRICS -> 2;
            case VIEWER -> 1;
            case USER -> 0;
        };
    }
}
