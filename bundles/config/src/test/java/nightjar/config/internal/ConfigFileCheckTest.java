package nightjar.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.AttributeDefinition;

class ConfigFileCheckTest {
    /** The motion detector's settings, as its metatype gives them. */
    static final Map<String, AttributeDefinition> MOTION = Map.of("enabled", setting("enabled", AttributeDefinition.BOOLEAN),
            "sensitivity", setting("sensitivity", AttributeDefinition.INTEGER),
            "minArea", setting("minArea", AttributeDefinition.DOUBLE),
            "zones", setting("zones", AttributeDefinition.STRING),
            "minFrames", setting("minFrames", AttributeDefinition.INTEGER));

    static AttributeDefinition setting(String id, int type) {
        return (AttributeDefinition) Proxy.newProxyInstance(ConfigFileCheckTest.class.getClassLoader(),
                new Class<?>[] {AttributeDefinition.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getID" -> id;
                    case "getType" -> type;
                    case "getCardinality" -> 0;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static ConfigFileCheck.Problem check(String text) {
        return ConfigFileCheck.check(text, MOTION, null);
    }

    @Test
    void plainAndTypedFilesWithCommentsAreGood() {
        assertNull(check("# Motion\n\nenabled = true\nsensitivity=50\nminArea: 0.3\n! zones below\n"
                + "zones = include 0,0.4 1,0.4 \\\n   1,1 0,1\n"));
        assertNull(check("enabled = B\"false\"\nsensitivity = I\"35\"\nminArea = D\"0.5\"\nzones = \"\"\n"));
        assertNull(check("felix.fileinstall.filename = file:/x\nzones =\n"));
    }

    @Test
    void binaryJunkIsNotText() {
        assertEquals(new ConfigFileCheck.Problem(2, "not text (character 0x00 at column 3)"),
                check("sensitivity = 50\nPK\u0000\u0003\u0004 junk\n"));
    }

    @Test
    void aLineThatIsNotKeyEqualsValueIsRefused() {
        assertEquals(new ConfigFileCheck.Problem(3, "not 'key = value'"),
                check("enabled = true\n# fine\nthis is not a configuration\nsensitivity = 50\n"));
        assertEquals(new ConfigFileCheck.Problem(1, "not 'key = value'"), check("zones\n"));
        assertEquals(new ConfigFileCheck.Problem(1, "not 'key = value'"), check("= 5\n"));
    }

    @Test
    void aKeyTheComponentDoesNotHaveIsRefused() {
        assertEquals(new ConfigFileCheck.Problem(2, "'sensitivty' is not a setting here"),
                check("enabled = true\nsensitivty = 50\n"));
    }

    @Test
    void aValueThatDoesNotConvertIsRefused() {
        assertEquals(new ConfigFileCheck.Problem(2, "'sensitivity' must be a whole number, not 'fifty'"),
                check("enabled = true\nsensitivity = fifty\n"));
        assertEquals(new ConfigFileCheck.Problem(1, "'enabled' must be true or false, not 'yes'"), check("enabled = yes\n"));
        assertEquals(new ConfigFileCheck.Problem(1, "'minFrames' must be a whole number, not ''"), check("minFrames =\n"));
        assertEquals(new ConfigFileCheck.Problem(2, "the value of 'sensitivity' is not a valid typed value"),
                check("enabled = B\"true\"\nsensitivity = I\"abc\"\n"));
    }

    @Test
    void withoutTheComponentsSettingsOnlyTheLinesAreChecked() {
        assertNull(ConfigFileCheck.check("anything = at all\nsensitivity = fifty\n", null, null));
        assertEquals(new ConfigFileCheck.Problem(1, "not 'key = value'"), ConfigFileCheck.check("junk\n", null, null));
    }
}
