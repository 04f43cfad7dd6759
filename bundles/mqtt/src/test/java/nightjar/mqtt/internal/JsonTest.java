package nightjar.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nightjar.mqtt.testing.JsonReader;

class JsonTest {
    @Test
    void writesNestedObjectsArraysAndEscapedStrings() {
        String json = Json.object().put("name", "say \"hi\"\\\n\t\u0001\u2028").put("on", true).put("count", 3)
                .put("fps", 14.95).put("none", (String) null).put("options", List.of("ON", "OFF"))
                .object("device").put("x", 0.0001234).end()
                .array("availability").element().put("topic", "a/b").end().element().put("topic", "c").end().end()
                .end().toString();
        assertEquals("{\"name\":\"say \\\"hi\\\"\\\\\\n\\t\\u0001\\u2028\",\"on\":true,\"count\":3,\"fps\":14.95,"
                + "\"none\":null,\"options\":[\"ON\",\"OFF\"],\"device\":{\"x\":0.0001234},"
                + "\"availability\":[{\"topic\":\"a/b\"},{\"topic\":\"c\"}]}", json);
        Map<String, Object> read = JsonReader.object(json);
        assertEquals("say \"hi\"\\\n\t\u0001\u2028", read.get("name"));
        assertEquals(List.of(Map.of("topic", "a/b"), Map.of("topic", "c")), read.get("availability"));
    }

    @Test
    void numbersAreJsonEvenWhenTheyAreNot() {
        assertEquals("{\"a\":null,\"b\":null,\"c\":7,\"d\":-0.5}", Json.object().put("a", Double.NaN)
                .put("b", Double.POSITIVE_INFINITY).put("c", 7.0).put("d", -0.5).end().toString());
    }

    @Test
    void embeddedJsonMustBePlainAndDocumentsMustBeClosed() {
        assertEquals("{\"r\":[{\"x\":0.1}]}", Json.object().putJson("r", "[{\"x\":0.1}]").end().toString());
        assertThrows(IllegalArgumentException.class, () -> Json.object().putJson("r", "[\"</script>\"]"));
        assertThrows(IllegalStateException.class, () -> Json.object().put("a", 1).toString());
        assertThrows(IllegalStateException.class, () -> Json.object().end().end());
        assertThrows(IllegalStateException.class, () -> Json.object().array("a").put("b", 1));
    }
}
