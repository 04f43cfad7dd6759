package nightjar.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** A request body from anyone on the network: whatever it holds, a clear 400 and nothing else happens. */
class ApiBodyTest {
    private static final Set<String> USER = Set.of("name", "password", "role", "cameras");

    @Test
    void aDocumentedBodyIsRead() throws Exception {
        Map<String, Object> body = Api.body(
                "{\"name\":\"v\\u00e9ra\",\"role\":\"viewer\",\"cameras\":[\"front\"]}".getBytes(StandardCharsets.UTF_8), USER);
        assertEquals(Map.of("name", "véra", "role", "viewer", "cameras", List.of("front")), body);
    }

    @Test
    void anUndocumentedFieldIsRefusedByName() {
        Api.Refused refused = refused("{\"name\":\"a\",\"admin\":true}");
        assertEquals("Unexpected field 'admin': expected [cameras, name, password, role]", refused.getMessage());
    }

    @Test
    void deepNestingIsRefusedWithoutRecursingIntoIt() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertTrue(refused(deep).getMessage().startsWith("Malformed JSON: nested too deeply"), refused(deep).getMessage());
        String deepObject = "{\"name\":" + "{\"a\":".repeat(2000) + "1" + "}".repeat(2001);
        assertTrue(refused(deepObject).getMessage().startsWith("Malformed JSON: nested too deeply"));
    }

    @Test
    void hugeNumbersAreRefusedBeforeAnyArithmetic() {
        assertTrue(refused("{\"name\":1e999999999}").getMessage().startsWith("Malformed JSON: the number 1e999999999 is too large"));
        assertTrue(refused("{\"name\":" + "9".repeat(50) + "}").getMessage()
                .startsWith("Malformed JSON: the number is too long"));
        assertTrue(refused("{\"name\":" + "9".repeat(5000) + "}").getMessage().startsWith("Malformed JSON: "));
        // A setting's number, as large as the API takes, stays exact.
        assertEquals(new BigDecimal("1e999"), assertBody("{\"name\":1e999}").get("name"));
    }

    @Test
    void aRepeatedKeyIsRefused() {
        // Two "role"s would let a proxy that checks the first and a server that takes the last disagree.
        assertTrue(refused("{\"role\":\"viewer\",\"role\":\"admin\"}").getMessage()
                .startsWith("Malformed JSON: the key 'role' appears twice"));
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() {
        byte[] latin1 = "{\"name\":\"v\u00e9ra\"}".getBytes(StandardCharsets.ISO_8859_1);
        Api.Refused refused = assertThrows(Api.Refused.class, () -> Api.body(latin1, USER));
        assertEquals(400, refused.status);
        assertEquals("The body is not UTF-8", refused.getMessage());
        byte[] overlong = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
        assertEquals("The body is not UTF-8", assertThrows(Api.Refused.class, () -> Api.body(overlong, USER)).getMessage());
    }

    @Test
    void anythingButOneStrictObjectIsRefused() {
        for (String bad : List.of("", "null", "[]", "\"name\"", "{\"name\":1}{}", "{name:1}", "{'name':1}", "{\"name\":NaN}",
                "{\"name\":1,}", "{\"name\":01}", "{\"name\":\"a\u0000b\"}", "{\"name\":\"\\ud800\\u12\"}")) {
            Api.Refused refused = refused(bad);
            assertTrue(refused.getMessage().startsWith("Malformed JSON: ") || refused.getMessage().equals("Send a JSON object"),
                    bad + " -> " + refused.getMessage());
        }
    }

    private static Map<String, Object> assertBody(String text) {
        try {
            return Api.body(text.getBytes(StandardCharsets.UTF_8), USER);
        } catch (Api.Refused e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static Api.Refused refused(String text) {
        Api.Refused refused = assertThrows(Api.Refused.class, () -> Api.body(text.getBytes(StandardCharsets.UTF_8), USER), text);
        assertEquals(400, refused.status, text);
        return refused;
    }
}
