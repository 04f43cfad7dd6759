package nightjar.security.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nightjar.api.http.WebUi;

/**
 * Checks a request's credentials against the account store: the browser's session cookie, else
 * HTTP Basic (VLC, ffmpeg, Home Assistant). Shared by the Nightjar servlet context, the login
 * servlet and the web console. Failed passwords are throttled per user and per address. Opening the
 * store makes the first admin account on a new appliance. Configured by {@code nightjar.security}
 * (the session timeouts), which {@link HttpsComponent} designates.
 */
// No DS service: DS would publish the configuration, the metrics token included, as service properties.
// The service is registered by hand, without properties (docs/decisions.md).
@Component(service = {}, configurationPid = HttpsComponent.PID, immediate = true)
public final class Authenticator {
    static final String REALM_CHALLENGE = "Basic realm=\"Nightjar\", charset=\"UTF-8\"";
    static final String COOKIE = "nightjar_session";
    private static final long NANOS_PER_MINUTE = 60_000_000_000L;
    static final int MAX_SESSION_HOURS = 720;
    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
    static final int MAX_IDLE_MINUTES = 24 * 60;

    private final AccountStore accounts;
    private final LoginThrottle throttle;
    private final SessionStore sessions;
    private volatile byte[] metricsToken = new byte[0];
    private long idleMinutesInForce = 30;
    private long maxHoursInForce = 12;
    private @Nullable ServiceRegistration<Authenticator> registration;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile @Nullable WebUi webUi;

    @Activate
    public Authenticator(BundleContext context, HttpsComponent.Config config) throws IOException {
        this(AccountStore.open(DataDirectory.of(context), new PasswordHasher()));
        modified(config);
        registration = context.registerService(Authenticator.class, this, null);
    }

    /**
     * Where a browser session with a generated password is sent: the web UI's password page, else (no
     * web UI) the start, which says there is none.
     */
    String passwordPage() {
        WebUi ui = webUi;
        return ui == null ? "/" : ui.passwordPage();
    }

    @Deactivate
    void deactivate() {
        ServiceRegistration<Authenticator> registered = registration;
        registration = null;
        if (registered != null) {
            registered.unregister();
        }
    }

    Authenticator(AccountStore accounts) {
        this(accounts, System::nanoTime);
    }

    /** With the clock that the throttle and the sessions read (a test's own). */
    Authenticator(AccountStore accounts, LongSupplier nanos) {
        this.accounts = accounts;
        this.throttle = new LoginThrottle(nanos);
        this.sessions = new SessionStore(nanos, 30 * NANOS_PER_MINUTE, 12 * 60 * NANOS_PER_MINUTE);
    }

    /**
     * Applies the session timeouts and the metrics token. A value out of range is not applied (one
     * ERROR line says so) and never stops the component: without it nothing would be served at all,
     * and Declarative Services would not try again when the value is fixed.
     */
    @Modified
    void modified(HttpsComponent.Config config) {
        // Bounded, so the nanoseconds below cannot overflow (1e8 hours did, and ended every session at once).
        long idleMinutes = config.sessionIdleMinutes();
        if (idleMinutes < 1 || idleMinutes > MAX_IDLE_MINUTES) {
            LOG.error("sessionIdleMinutes = {} is not from 1 to {}: sessions keep {} minutes until it is fixed",
                    idleMinutes, MAX_IDLE_MINUTES, idleMinutesInForce);
            idleMinutes = idleMinutesInForce;
        }
        long maxHours = config.sessionMaxHours();
        if (maxHours < 1 || maxHours > MAX_SESSION_HOURS) {
            LOG.error("sessionMaxHours = {} is not from 1 to {}: sessions keep {} hours until it is fixed",
                    maxHours, MAX_SESSION_HOURS, maxHoursInForce);
            maxHours = maxHoursInForce;
        }
        String token = config.metricsToken();
        if (!token.isEmpty() && token.length() < 20) {
            LOG.error("metricsToken has fewer than 20 characters: it opens nothing until it is fixed (admins still "
                    + "read /metrics)");
            token = "";
        }
        idleMinutesInForce = idleMinutes;
        maxHoursInForce = maxHours;
        sessions.timeouts(idleMinutes * NANOS_PER_MINUTE, maxHours * 60L * NANOS_PER_MINUTE);
        metricsToken = token.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the header carries the configured metrics token (never when none is configured). */
    boolean metricsToken(@Nullable String authorizationHeader) {
        byte[] expected = metricsToken;
        return expected.length > 0 && authorizationHeader != null && authorizationHeader.startsWith("Bearer ")
                && java.security.MessageDigest.isEqual(expected,
                        authorizationHeader.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }

    AccountStore accounts() {
        return accounts;
    }

    SessionStore sessions() {
        return sessions;
    }

    /** The outcome of checking a request's credentials. */
    sealed interface Result {
        /** Valid credentials of this account, by a browser session or (session null) by HTTP Basic. */
        record Authenticated(Account account, SessionStore.@Nullable Session session) implements Result {
        }

        /** Missing, malformed or wrong credentials. */
        record Rejected() implements Result {
        }

        /** Too many password checks at once; the client should retry. */
        record Busy() implements Result {
        }

        /** Too many failures from this address: not even checked. */
        record Throttled(long seconds) implements Result {
        }
    }

    Result check(HttpServletRequest request) {
        String sessionId = sessionId(request);
        if (sessionId != null) {
            Optional<SessionStore.Session> session = sessions.find(sessionId);
            if (session.isPresent()) {
                Optional<Account> account = accounts.find(session.get().user());
                if (account.isPresent() && account.get().passwordStamp() == session.get().passwordStamp()) {
                    return new Result.Authenticated(account.get(), session.get());
                }
                // The account is gone or its password was set since this login (even while the login was being
                // checked, before the session existed to be ended with the others): the session is over.
                sessions.end(sessionId);
            }
        }
        return check(request.getHeader("Authorization"), request.getRemoteAddr());
    }

    Result check(@Nullable String authorizationHeader, String address) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)) {
            return new Result.Rejected();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorizationHeader.substring(6).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Result.Rejected();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return new Result.Rejected();
        }
        return login(decoded.substring(0, colon), decoded.substring(colon + 1), address);
    }

    /**
     * Checks a name and password, throttled by the client's address only (never by the name, so the
     * right password always gets in from an address that is not guessing); does not make a session.
     */
    Result login(String name, String password, String address) {
        long wait = throttle.waitSeconds(address);
        if (wait > 0) {
            return new Result.Throttled(wait);
        }
        try {
            Optional<Account> account = accounts.authenticate(name, password);
            if (account.isEmpty()) {
                throttle.failed(accounts.find(name).isPresent() ? name : null, address);
                return new Result.Rejected();
            }
            throttle.succeeded(address);
            return new Result.Authenticated(account.get(), null);
        } catch (PasswordHasher.BusyException e) {
            return new Result.Busy();
        }
    }

    /**
     * A new browser session for a login. The session the browser still names in its cookie, if any,
     * ends: a login never continues an id that existed before it (session fixation), and the old id
     * is worth nothing to whoever may have seen it. The user's sessions in other browsers stay.
     */
    SessionStore.Session startSession(@Nullable String previousSessionId, Account account) {
        if (previousSessionId != null) {
            sessions.end(previousSessionId);
        }
        return sessions.create(account.name(), account.passwordStamp());
    }

    static @Nullable String sessionId(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (COOKIE.equals(cookie.getName())) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    /** Answers a request whose check did not authenticate it: browsers asking for a page go to the login form. */
    static void refuse(Result result, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (result instanceof Result.Busy) {
            response.setHeader("Retry-After", "2");
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Too many logins at once; try again");
        } else if (result instanceof Result.Throttled throttled) {
            response.setHeader("Retry-After", Long.toString(throttled.seconds()));
            response.sendError(429, "Too many failed logins; try again in " + throttled.seconds() + " s");
        } else if (wantsPage(request)) {
            String target = request.getRequestURI();
            response.sendRedirect(request.getContextPath() + LoginServlet.PATH + "?next="
                    + URLEncoder.encode(target, StandardCharsets.UTF_8));
        } else {
            response.setHeader("WWW-Authenticate", REALM_CHALLENGE);
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "Log in with a Nightjar account");
        }
    }

    /** A browser navigating to a page (not curl, not an image or script, not the JSON API). */
    static boolean wantsPage(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return "GET".equals(request.getMethod()) && accept != null && accept.contains("text/html")
                && request.getHeader("Authorization") == null;
    }
}
