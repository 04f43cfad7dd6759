package nightjar.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** What the certificate page reads: the served certificate's facts, and a refusal's reason, as JSON. */
class TlsServletTest {
    @TempDir
    Path tls;

    @Test
    void describesTheServedCertificate() throws Exception {
        DeviceCertificate device = DeviceCertificate.ensure(tls, List.of("cam.example.org"));
        String text = TlsServlet.describe("device", device.certificate());
        JsonObject json = JsonParser.parseString(text).getAsJsonObject();
        assertEquals(List.of("source", "subject", "issuer", "notAfter", "fingerprint", "names"), List.copyOf(json.keySet()));
        assertEquals("device", json.get("source").getAsString());
        assertTrue(text.contains("\"subject\":\"CN="), "the subject reads as it is: " + text);
        assertEquals(device.certificate().getNotAfter().toInstant().toString(), json.get("notAfter").getAsString());
        assertTrue(json.get("fingerprint").getAsString().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), text);
        JsonArray names = json.getAsJsonArray("names");
        assertTrue(names.contains(JsonParser.parseString("\"cam.example.org\"")), text);
    }

    @Test
    void aRefusalsReasonCannotCloseTheScriptOfThePageShowingIt() throws Exception {
        assertEquals("{\"error\":\"not usable: \\u003c/script\\u003e \\\"x\\\" CN=cam\"}",
                TlsServlet.error("not usable: </script> \"x\" CN=cam"));
    }
}
