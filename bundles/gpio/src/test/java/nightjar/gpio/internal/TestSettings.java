package nightjar.gpio.internal;

import java.util.HashMap;
import java.util.Map;

import org.osgi.util.converter.Converters;

/** Settings as the framework makes them: a property map through the OSGi converter, then checked. */
final class TestSettings {
    private TestSettings() {
    }

    static GpioConfig config(Object... keysAndValues) {
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Converters.standardConverter().convert(properties).to(GpioConfig.class);
    }

    static GpioSettings of(Object... keysAndValues) {
        return GpioSettings.of(config(keysAndValues));
    }
}
