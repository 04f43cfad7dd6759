package nightjar.itests;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The configurations a test's framework starts with, made only where absent: a test's {@code @Before}
 * runs again in the same framework when its class shares one, and must not restart the components.
 */
final class Configurations {
    private Configurations() {
    }

    /** The singleton configuration {@code pid} with these properties, unless it has some already. */
    static void ifAbsent(ConfigurationAdmin admin, String pid, Object... keysAndValues) throws IOException {
        org.osgi.service.cm.Configuration configuration = admin.getConfiguration(pid, "?");
        if (configuration.getProperties() == null) {
            configuration.update(properties(keysAndValues));
        }
    }

    /** The factory configuration {@code factoryPid~name} with these properties, unless it has some already. */
    static void factoryIfAbsent(ConfigurationAdmin admin, String factoryPid, String name, Object... keysAndValues)
            throws IOException {
        org.osgi.service.cm.Configuration configuration = admin.getFactoryConfiguration(factoryPid, name, "?");
        if (configuration.getProperties() == null) {
            configuration.update(properties(keysAndValues));
        }
    }

    /** The synthetic camera {@code front} at 320x240, unless it is configured already. */
    static void syntheticFront(ConfigurationAdmin admin, Object... moreKeysAndValues) throws IOException {
        Object[] keysAndValues = new Object[6 + moreKeysAndValues.length];
        System.arraycopy(new Object[] {"source", "synthetic", "width", 320, "height", 240}, 0, keysAndValues, 0, 6);
        System.arraycopy(moreKeysAndValues, 0, keysAndValues, 6, moreKeysAndValues.length);
        factoryIfAbsent(admin, "nightjar.camera", "front", keysAndValues);
    }

    /** Where a test's recorder writes: beside its data directory, not the recorder's default in the source tree. */
    static String recordingsDirectory(BundleContext context) {
        Path data = Path.of(context.getProperty("nightjar.data"));
        return data.resolveSibling(data.getFileName() + "-recordings").toString();
    }

    static Dictionary<String, Object> properties(Object... keysAndValues) {
        Dictionary<String, Object> properties = new Hashtable<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }
}
