package nightjar.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * ogv.js writes one inline style sheet, which the pages' content security policy allows by its hash
 * only: a new ogv.js with another text would have its style refused and its player fail, so the
 * policy's hash must be the hash of the text in the ogv.js this bundle serves.
 */
class OgvStyleHashTest {
    private static final Pattern STYLE = Pattern.compile(
            "createElement\\(\"style\"\\);\\w+\\.type=\"text/css\",\\w+\\.textContent=\"([^\"]*)\"");

    @Test
    void thePolicyAllowsTheStyleSheetOfTheServedOgvJs() throws Exception {
        String script;
        try (InputStream in = getClass().getResourceAsStream("/ui/ogv/ogv-es2017.js")) {
            assertNotNull(in, "the build puts ogv.js into ui/ogv");
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher style = STYLE.matcher(script);
        assertTrue(style.find(), "ogv.js writes its style sheet as before");
        String hash = "sha256-" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(style.group(1).getBytes(StandardCharsets.UTF_8)));

        Field policy = Class.forName("nightjar.security.internal.SecurityHeaders").getDeclaredField("NIGHTJAR_POLICY");
        policy.setAccessible(true);
        String allowed = (String) policy.get(null);
        assertTrue(allowed.contains("style-src 'self' '" + hash + "'"), allowed + " allows " + hash);
        assertEquals(1, allowed.split("sha256-", -1).length - 1, "one inline style sheet, no other");
    }
}
