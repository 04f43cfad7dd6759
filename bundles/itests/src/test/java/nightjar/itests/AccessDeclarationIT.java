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
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.service.EventListenerHook;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nightjar.api.http.AccessLevel;
import nightjar.api.http.NightjarHttp;
import nightjar.api.security.UserDirectory;

/**
 * Who may reach a servlet is what the servlet declares ({@link NightjarHttp#ACCESS_PROPERTY}), enforced
 * by the security bundle on the decoded path: a servlet of a bundle the security bundle has never heard
 * of, at a path in no list, declared for admins, is refused to a viewer however its path is spelt.
 * The whiteboard and security each hear of a new servlet on their own, so for a moment the whiteboard
 * may serve one that security has not tracked yet; a service hook holds that moment open here.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AccessDeclarationIT extends FrameworkTest {
    private static final String VIEWER = "vera";
    private static final String VIEWER_PASSWORD = "vera-password-12";
    /** A servlet with this property is hidden from the security bundle while the test's hook hides. */
    private static final String HIDDEN = "nightjar.itests.hidden";

    @Inject
    UserDirectory users;

    private Https https;

    @Before
    public void configure() throws Exception {
        https = Https.onTestPort(context, configurationAdmin);
        if (users.user(VIEWER).isEmpty()) {
            users.add(VIEWER, VIEWER_PASSWORD, "viewer", Set.of());
        }
        await("the login page over HTTPS", () -> https.status("/login") == 200);
    }

    @Test
    public void aServletDeclaredForAdminsIsRefusedToAViewerOnItsDecodedPath() throws Exception {
        ServiceRegistration<Servlet> admins = register("/itest/tuning/*", AccessLevel.ADMIN.name());
        ServiceRegistration<Servlet> everyone = register("/itest/mine/*", AccessLevel.USER.name());
        ServiceRegistration<Servlet> undeclared = register("/itest/quiet/*", null);
        try {
            await("the servlets served", () -> https.status("/itest/tuning/x") == 200
                    && https.status("/itest/mine/x") == 200 && https.status("/itest/quiet/x") == 200);
            for (String path : new String[] {"/itest/tuning/x", "/itest/%74uning/x", "/itest/tu%6Eing/x",
                "/itest/tuning", "/itest/quiet/x", "/itest/qu%69et/x"}) {
                assertEquals(path, 403, viewerStatus(path));
                assertEquals(path, 200, https.status(path));
            }
            assertEquals(200, viewerStatus("/itest/mine/x"));
            assertEquals(200, viewerStatus("/itest/%6Dine/x"));
        } finally {
            admins.unregister();
            everyone.unregister();
            undeclared.unregister();
        }
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
        ServiceRegistration<Servlet> open = register(servlet("/itest/open/*", AccessLevel.USER.name()), "open");
        ServiceRegistration<Servlet> late = register(hidden(servlet("/itest/open/late/*", AccessLevel.USER.name())),
                "late");
        try {
            await("the late servlet served", () -> "late".equals(adminBody("/itest/open/late/x")));
            assertEquals(200, viewerStatus("/itest/open/x"));
            assertEquals("served by the whiteboard, not tracked by security", 403, viewerStatus("/itest/open/late/x"));
            assertEquals(403, viewerStatus("/itest/open/l%61te/x"));

            // A change of its properties that security hears: now it is tracked, and open as it declares.
            hiding.set(false);
            Dictionary<String, Object> changed = servlet("/itest/open/late/*", AccessLevel.USER.name());
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
        return https.status(path, VIEWER, VIEWER_PASSWORD);
    }

    /** A servlet's properties in the Nightjar context, with the level it declares (null: none). */
    private static Dictionary<String, Object> servlet(String pattern, String access) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("osgi.http.whiteboard.servlet.pattern", pattern);
        properties.put("osgi.http.whiteboard.context.select", NightjarHttp.CONTEXT_SELECT);
        if (access != null) {
            properties.put(NightjarHttp.ACCESS_PROPERTY, access);
        }
        return properties;
    }

    private static Dictionary<String, Object> hidden(Dictionary<String, Object> properties) {
        properties.put(HIDDEN, Boolean.TRUE);
        return properties;
    }

    private ServiceRegistration<Servlet> register(String pattern, String access) {
        return register(servlet(pattern, access), "reached");
    }

    private ServiceRegistration<Servlet> register(Dictionary<String, Object> properties, String body) {
        return context.registerService(Servlet.class, new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.getWriter().write(body);
            }
        }, properties);
    }
}
