package nightjar.security.internal;

import java.io.File;
import java.nio.file.Path;

import org.osgi.framework.BundleContext;

/** Where Nightjar keeps its state: the framework property {@code nightjar.data}, else this bundle's data area. */
final class DataDirectory {
    static final String PROPERTY = "nightjar.data";

    private DataDirectory() {
    }

    static Path of(BundleContext context) {
        String configured = context.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        File area = context.getDataFile("");
        if (area == null) {
            throw new IllegalStateException("set the framework property " + PROPERTY
                    + ": this framework gives bundles no data area");
        }
        return area.toPath();
    }
}
