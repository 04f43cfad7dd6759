package nightjar.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void readsTheApisBodies() {
        Object parsed = Json.parse(" {\"name\":\"v\\u00e9ra\",\"on\":true,\"n\":-1.5e2,\"cameras\":[\"front\",\"back\"],\"x\":null} ");
        Map<?, ?> map = (Map<?, ?>) parsed;
        assertEquals("véra", map.get("name"));
        assertEquals(Boolean.TRUE, map.get("on"));
        assertEquals(new BigDecimal("-1.5e2"), map.get("n"));
        assertEquals(List.of("front", "back"), map.get("cameras"));
        assertEquals(Json.NULL, map.get("x"));
    }

    @Test
    void refusesAnythingMalformed() {
        for (String bad : List.of("", "{", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "[1,2", "{\"a\":1}{}", "\"\\x\"", "01",
                "1.", "tru", "{\"a\":1,\"a\":2}", "\"a\nb\"", "[[[[[[[[[[[]]]]]]]]]]]", "{\"a\":\"\\u12\"}")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("Malformed JSON: "), e.getMessage());
        }
    }

    @Test
    void writesSafeJson() {
        Map<String, Object> value = new java.util.LinkedHashMap<>();
        value.put("a", List.of(1, true, Json.NULL, "</script>\""));
        value.put("b", 2.5);
        assertEquals("{\"a\":[1,true,null,\"\\u003c/script\\u003e\\\"\"],\"b\":2.5}", Json.write(value));
    }

    @Test
    void aRefusalStaysReadable() {
        // Only what could close a script element is escaped: not the = and ' that every refusal quotes.
        assertEquals("{\"error\":\"httpsPort = '22': less than minimum \\u003c1024\"}",
                Json.write(Map.of("error", "httpsPort = '22': less than minimum <1024")));
    }
}
