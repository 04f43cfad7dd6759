package nightjar.itests;

import static nightjar.itests.FrameworkChecks.await;
import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.security.GeneralSecurityException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Set;

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
import org.osgi.service.cm.ConfigurationAdmin;

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
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AccessDeclarationIT {
    private static final String VIEWER = "vera";
    private static final String VIEWER_PASSWORD = "vera-password-12";

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

    private int viewerStatus(String path) throws IOException, GeneralSecurityException {
        HttpURLConnection connection = https.open(path, VIEWER, VIEWER_PASSWORD);
        try {
            return connection.getResponseCode();
        } finally {
            connection.disconnect();
        }
    }

    private ServiceRegistration<Servlet> register(String pattern, String access) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("osgi.http.whiteboard.servlet.pattern", pattern);
        properties.put("osgi.http.whiteboard.context.select", NightjarHttp.CONTEXT_SELECT);
        if (access != null) {
            properties.put(NightjarHttp.ACCESS_PROPERTY, access);
        }
        return context.registerService(Servlet.class, new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.getWriter().write("reached");
            }
        }, properties);
    }
}
