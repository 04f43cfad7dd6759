package nightjar.security.internal;

import java.io.File;
import java.nio.file.Path;

import org.osgi.framework.BundleContext;

/**
 * The one place that reads where Nightjar lives: its state in the framework property {@code nightjar.data}
 * (else this bundle's data area), its installation in {@code nightjar.home} (else the working directory).
 * Other bundles ask the {@code Appliance} service.
 */
final class DataDirectory {
    static final String PROPERTY = "nightjar.data";
    static final String HOME_PROPERTY = "nightjar.home";

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

    static Path home(BundleContext context) {
        String configured = context.getProperty(HOME_PROPERTY);
        return configured == null || configured.isBlank() ? Path.of("").toAbsolutePath() : Path.of(configured);
    }
}
