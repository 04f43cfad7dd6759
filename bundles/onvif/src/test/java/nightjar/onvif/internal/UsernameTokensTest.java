package nightjar.onvif.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import nightjar.tasks.testing.ManualTaskClock;

class UsernameTokensTest {
    private static final Fakes.Credential CREDENTIAL = new Fakes.Credential(Fakes.USER, Fakes.SECRET);
    private static final String CREATED = "2026-12-05T08:00:00.000Z";
    /** The tokens start (as the endpoint does) before {@link #CREATED}; the tests run at 08:01. */
    private final ManualTaskClock clock = new ManualTaskClock(Instant.parse("2026-12-05T07:59:00Z"));
    private final UsernameTokens tokens = new UsernameTokens(clock);

    UsernameTokensTest() {
        clock.advance(Duration.ofMinutes(2));
    }

    /**
     * Known answers computed with OpenSSL, not with this code:
     * {@code (base64 -d <<<NONCE; printf %s CREATED PASSWORD) | openssl sha1 -binary | base64}. The first
     * is also the worked example of the ONVIF Application Programmer's Guide.
     */
    @Test
    void digestIsTheProfilesFormula() {
        assertEquals("tuOSpGlFlIXsozq4HFNeeGeFLEI=", UsernameTokens.digest(
                Base64.getDecoder().decode("LKqI6G/AikKCQrN0zqZFlg=="), "2010-09-16T07:50:45Z", "userpassword"));
        assertEquals("SlS6YRRqyy3vm6kHSxOZlA+WJVY=", UsernameTokens.digest(
                "nightjar-onvif-nonce".getBytes(StandardCharsets.US_ASCII), CREATED, Fakes.SECRET));
    }

    @Test
    void aDigestOfTheDeviceCredentialIsAcceptedOnceOnly() throws Exception {
        Element security = security(Fakes.digestHeader(Fakes.USER, Fakes.SECRET, nonce("one"), CREATED));
        assertTrue(tokens.accepts(security, CREDENTIAL, false));
        assertFalse(tokens.accepts(security, CREDENTIAL, false), "the same nonce again is a replay");
        assertTrue(tokens.accepts(security(Fakes.digestHeader(Fakes.USER, Fakes.SECRET, nonce("two"), CREATED)),
                CREDENTIAL, false));
    }

    @Test
    void aWrongSecretOrNameIsRefused() throws Exception {
        assertFalse(tokens.accepts(security(Fakes.digestHeader(Fakes.USER, "wrong", nonce("a"), CREATED)), CREDENTIAL,
                true));
        assertFalse(tokens.accepts(security(Fakes.digestHeader("admin", Fakes.SECRET, nonce("b"), CREATED)), CREDENTIAL,
                true));
        assertFalse(tokens.accepts(null, CREDENTIAL, true), "no Security header");
    }

    @Test
    void createdMustBeWithinTheWindow() throws Exception {
        clock.advance(UsernameTokens.WINDOW);
        assertFalse(tokens.accepts(security(Fakes.digestHeader(Fakes.USER, Fakes.SECRET, nonce("late"), CREATED)),
                CREDENTIAL, false), "created more than the window ago");
        assertFalse(tokens.accepts(security(Fakes.digestHeader(Fakes.USER, Fakes.SECRET, nonce("early"),
                "2026-12-05T08:20:00Z")), CREDENTIAL, false), "created too far ahead");
        assertTrue(tokens.accepts(security(Fakes.digestHeader(Fakes.USER, Fakes.SECRET, nonce("now"),
                "2026-12-05T08:05:30Z")), CREDENTIAL, false));
        assertFalse(tokens.accepts(security(Fakes.digestHeader(Fakes.USER, Fakes.SECRET, nonce("no zone"),
                "2026-12-05T08:05:30")), CREDENTIAL, false), "a time without offset is refused");
    }

    @Test
    void aNonceIsForgottenOnlyOnceItsTokenLeftTheWindow() throws Exception {
        Element security = security(Fakes.digestHeader(Fakes.USER, Fakes.SECRET, nonce("kept"), CREATED));
        assertTrue(tokens.accepts(security, CREDENTIAL, false));
        clock.advance(Duration.ofMinutes(3));
        assertFalse(tokens.accepts(security, CREDENTIAL, false));
    }

    /** At the window's last instant the token is still taken, so its nonce must still be remembered. */
    @Test
    void aNonceIsRememberedUntilTheLastInstantItsTokenIsTaken() throws Exception {
        Element security = security(Fakes.digestHeader(Fakes.USER, Fakes.SECRET, nonce("edge"), CREATED));
        assertTrue(tokens.accepts(security, CREDENTIAL, false));
        clock.advance(Duration.between(clock.now(), Instant.parse(CREATED).plus(UsernameTokens.WINDOW)));
        assertFalse(tokens.accepts(security, CREDENTIAL, false), "a replay at the window's edge");
        assertTrue(tokens.accepts(security(Fakes.digestHeader(Fakes.USER, Fakes.SECRET, nonce("edge too"), CREATED)),
                CREDENTIAL, false), "a new nonce with the same time is still in the window");
    }

    /**
     * The memory of nonces starts empty with every endpoint (a restart, a configuration change), so a token
     * made before it started could be one it has seen: it is refused.
     */
    @Test
    void aDigestMadeBeforeTheTokensStartedIsRefused() throws Exception {
        Element security = security(Fakes.digestHeader(Fakes.USER, Fakes.SECRET, nonce("before"), CREATED));
        assertTrue(tokens.accepts(security, CREDENTIAL, false));
        UsernameTokens restarted = new UsernameTokens(clock);
        assertFalse(restarted.accepts(security, CREDENTIAL, false), "replayed after a restart");
        assertTrue(restarted.accepts(security(Fakes.digestHeader(Fakes.USER, Fakes.SECRET, nonce("after"),
                clock.now().toString())), CREDENTIAL, false), "made since");
    }

    @Test
    void passwordTextOnlyOverTls() throws Exception {
        Element text = security(Fakes.textHeader(Fakes.USER, Fakes.SECRET));
        assertTrue(tokens.accepts(text, CREDENTIAL, true));
        assertFalse(tokens.accepts(text, CREDENTIAL, false));
        assertFalse(tokens.accepts(security(Fakes.textHeader(Fakes.USER, "wrong")), CREDENTIAL, true));
    }

    private static byte[] nonce(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Element security(String header) throws Exception {
        Element envelope = SafeXml.parse(Fakes.envelope(header, "<x xmlns=\"urn:x\"/>")).getDocumentElement();
        return SafeXml.child(SafeXml.child(envelope, Soap.ENV, "Header"), Soap.WSSE, "Security");
    }
}
