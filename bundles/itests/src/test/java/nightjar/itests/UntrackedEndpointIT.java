package nightjar.itests;

import static nightjar.itests.FrameworkChecks.await;
import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.service.cm.ConfigurationAdmin;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nightjar.api.http.AccessLevel;
import nightjar.api.http.NightjarHttp;
import nightjar.api.security.UserDirectory;

/**
 * The whiteboard and the security bundle each hear of a new servlet on their own, so for a moment the
 * whiteboard may serve a servlet that security has not tracked yet. Here that moment is held open: a
 * service hook keeps the servlet's registration from the security bundle. The servlet is under the
 * pattern of one that is open to every account, and must still not be open to a viewer until security
 * knows what it declares.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UntrackedEndpointIT {
    private static final String VIEWER = "vic";
    private static final String VIEWER_PASSWORD = "vic-password-1234";
    /** A servlet with this property is hidden from the security bundle while the hook hides. */
    private static final String HIDDEN = "nightjar.itests.hidden";

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configurationAdmin;

    @Inject
    UserDirectory users;

    private Https https;

    @Configuration
    public Option[] config() {
        return NightjarOptions.framework();
    }

    @Before
    public void configure() throws Exception {
        https = Https.onTestPort(context, configurationAdmin);
        if (users.user(VIEWER).isEmpty()) {
            users.add(VIEWER, VIEWER_PASSWORD, "viewer", Set.of());
        }
        await("the login page over HTTPS", () -> https.status("/login") == 200);
    }

    @Test
    public void aServletTheWhiteboardServesBeforeSecurityTracksItIsForAdminsUntilTracked() throws Exception {
        AtomicBoolean hiding = new AtomicBoolean(true);
        ServiceRegistration<EventListenerHook> hook = context.registerService(EventListenerHook.class,
                (event, listeners) -> {
                    if (hiding.get() && event.getServiceReference().getProperty(HIDDEN) != null) {
                        listeners.keySet().removeIf(
                                listener -> "nightjar.security".equals(listener.getBundle().getSymbolicName()));
                    }
                }, null);
        ServiceRegistration<Servlet> open = register("/itest/open/*", "open", false);
        ServiceRegistration<Servlet> late = register("/itest/open/late/*", "late", true);
        try {
            await("the late servlet served", () -> "late".equals(adminBody("/itest/open/late/x")));
            assertEquals(200, viewerStatus("/itest/open/x"));
            assertEquals("served by the whiteboard, not tracked by security", 403, viewerStatus("/itest/open/late/x"));
            assertEquals(403, viewerStatus("/itest/open/l%61te/x"));

            // A change of its properties that security hears: now it is tracked, and open as it declares.
            hiding.set(false);
            Dictionary<String, Object> changed = properties("/itest/open/late/*", false);
            changed.put("nightjar.itests.changed", Boolean.TRUE);
            late.setProperties(changed);
            await("the late servlet open to the viewer once tracked", () -> viewerStatus("/itest/open/late/x") == 200);
        } finally {
            late.unregister();
            open.unregister();
            hook.unregister();
        }
    }

    private String adminBody(String path) {
        try {
            HttpURLConnection connection = https.open(path);
            try (InputStream in = connection.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                connection.disconnect();
            }
        } catch (IOException | GeneralSecurityException notYet) {
            return "";
        }
    }

    /** The status of a viewer's GET, or -1 while nothing answers. */
    private int viewerStatus(String path) {
        try {
            HttpURLConnection connection = https.open(path, VIEWER, VIEWER_PASSWORD);
            try {
                return connection.getResponseCode();
            } finally {
                connection.disconnect();
            }
        } catch (IOException | GeneralSecurityException notYet) {
            return -1;
        }
    }

    private static Dictionary<String, Object> properties(String pattern, boolean hidden) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("osgi.http.whiteboard.servlet.pattern", pattern);
        properties.put("osgi.http.whiteboard.context.select", NightjarHttp.CONTEXT_SELECT);
        properties.put(NightjarHttp.ACCESS_PROPERTY, AccessLevel.USER.name());
        if (hidden) {
            properties.put(HIDDEN, Boolean.TRUE);
        }
        return properties;
    }

    private ServiceRegistration<Servlet> register(String pattern, String body, boolean hidden) {
        return context.registerService(Servlet.class, new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.getWriter().write(body);
            }
        }, properties(pattern, hidden));
    }
}
