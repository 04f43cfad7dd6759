package nightjar.security.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jakarta.servlet.http.HttpServletRequest;

class CrossSiteTest {
    private static final SessionStore.Session SESSION = new SessionStore.Session("id", "admin", 0, "the-token", 0, 0);
    private static final Authenticator.Result BASIC = new Authenticator.Result.Authenticated(
            new Account("admin", Account.ADMIN, false), null);
    private static final Authenticator.Result BY_SESSION = new Authenticator.Result.Authenticated(
            new Account("admin", Account.ADMIN, false), SESSION);

    /** A request as a browser sends it to {@code https://cam:8443}: its method and these headers. */
    private static HttpServletRequest request(String method, String... headers) {
        Map<String, String> map = new HashMap<>();
        map.put("host", "cam:8443");
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i].toLowerCase(), headers[i + 1]);
        }
        return (HttpServletRequest) Proxy.newProxyInstance(CrossSiteTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, called, args) -> switch (called.getName()) {
                    case "getMethod" -> method;
                    case "getHeader" -> map.get(((String) args[0]).toLowerCase());
                    default -> throw new UnsupportedOperationException(called.getName());
                });
    }

    @Test
    void aConsolePostFromAnotherSiteIsRefusedWhateverTheCredentials() {
        // What a page on evil.example makes Chromium send with a form aimed at /system/console/bundles.
        HttpServletRequest install = request("POST", "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site",
                "Sec-Fetch-Mode", "navigate");
        assertTrue(WebConsoleSecurity.crossSite(install, BASIC), "remembered Basic credentials");
        assertTrue(WebConsoleSecurity.crossSite(install, BY_SESSION));
        assertTrue(WebConsoleSecurity.crossSite(request("POST", "Origin", "https://evil.example"), BASIC),
                "a browser without Fetch metadata still sends Origin");
        assertTrue(WebConsoleSecurity.crossSite(request("POST", "Sec-Fetch-Site", "same-site"), BASIC),
                "another port or sub-domain of the same site is another origin");
        assertTrue(WebConsoleSecurity.crossSite(request("POST", "Origin", "null"), BASIC), "a sandboxed frame");
        assertTrue(WebConsoleSecurity.crossSite(request("POST", "Origin", "http://cam:8443"), BASIC), "not HTTPS");
    }

    @Test
    void theConsolesOwnFormsAndNonBrowserClientsGetThrough() {
        assertFalse(WebConsoleSecurity.crossSite(request("POST", "Origin", "https://cam:8443", "Sec-Fetch-Site",
                "same-origin"), BY_SESSION));
        assertFalse(WebConsoleSecurity.crossSite(request("POST", "Origin", "https://CAM:8443"), BY_SESSION));
        assertFalse(WebConsoleSecurity.crossSite(request("POST", "X-CSRF-Token", "the-token"), BY_SESSION));
        assertTrue(WebConsoleSecurity.crossSite(request("POST", "X-CSRF-Token", "forged"), BY_SESSION),
                "a session's change must show where it comes from");
        assertFalse(WebConsoleSecurity.crossSite(request("POST"), BASIC), "curl with Basic");
    }

    @Test
    void anotherSiteMayLinkToTheConsoleButNotLoadIt() {
        assertFalse(WebConsoleSecurity.crossSite(request("GET", "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode",
                "navigate"), BASIC));
        assertTrue(WebConsoleSecurity.crossSite(request("GET", "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode",
                "no-cors"), BASIC), "an <img> or <script> of another site");
        assertTrue(WebConsoleSecurity.crossSite(request("GET", "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode",
                "cors"), BASIC));
        assertFalse(WebConsoleSecurity.crossSite(request("GET", "Sec-Fetch-Site", "same-origin"), BY_SESSION));
        assertFalse(WebConsoleSecurity.crossSite(request("GET", "Sec-Fetch-Site", "none"), BY_SESSION), "typed in");
    }

    @Test
    void nightjarsOwnEndpointsWantTheTokenFromASession() {
        assertFalse(CrossSite.mayChange(request("POST", "Origin", "https://cam:8443", "Sec-Fetch-Site", "same-origin"),
                SESSION), "the web UI always sends its token");
        assertTrue(CrossSite.mayChange(request("POST", "X-CSRF-Token", "the-token", "Sec-Fetch-Site", "same-origin"),
                SESSION));
        assertFalse(CrossSite.mayChange(request("POST", "X-CSRF-Token", "the-token", "Sec-Fetch-Site", "cross-site"),
                SESSION));
        assertTrue(CrossSite.mayChange(request("PUT"), null), "curl with Basic");
        assertFalse(CrossSite.mayChange(request("PUT", "Origin", "https://evil.example"), null));
        assertFalse(CrossSite.mayChange(request("PUT", "Sec-Fetch-Site", "cross-site"), null));
    }
}
