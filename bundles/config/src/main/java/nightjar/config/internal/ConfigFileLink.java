package nightjar.config.internal;

import java.io.File;
import java.io.IOException;
import java.util.Dictionary;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every {@code nightjar.*} configuration linked to its file in {@code config/}, so that
 * FileInstall writes changes back and they survive a restart.
 *
 * <p>FileInstall writes a configuration back only while it carries the property
 * {@value #FILENAME}. The web console's Save replaces the whole configuration with the form's fields
 * and so drops it; a configuration made in the console never had it. When such a configuration is
 * updated, this puts the link (back), and FileInstall writes the file.
 */
@Component(service = ConfigurationListener.class)
public final class ConfigFileLink implements ConfigurationListener {
    static final String FILENAME = "felix.fileinstall.filename";
    private static final String PREFIX = "nightjar.";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigFileLink.class);

    private final ConfigurationAdmin configurationAdmin;
    private final @Nullable File directory;

    @Activate
    public ConfigFileLink(BundleContext context, @Reference ConfigurationAdmin configurationAdmin) {
        this.configurationAdmin = configurationAdmin;
        String watched = context.getProperty("felix.fileinstall.dir");
        this.directory = watched == null ? null : new File(watched);
        if (directory == null) {
            LOG.info("No felix.fileinstall.dir: configuration changes are kept by ConfigAdmin only");
        }
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        File dir = directory;
        if (dir == null || event.getType() != ConfigurationEvent.CM_UPDATED || !event.getPid().startsWith(PREFIX)) {
            return;
        }
        try {
            Configuration[] found = configurationAdmin.listConfigurations(
                    "(" + org.osgi.framework.Constants.SERVICE_PID + "=" + event.getPid() + ")");
            if (found == null) {
                return;
            }
            Configuration configuration = found[0];
            Dictionary<String, Object> properties = configuration.getProperties();
            if (properties == null || properties.get(FILENAME) != null) {
                return;
            }
            File file = new File(dir, fileName(event.getPid(), event.getFactoryPid()));
            properties.put(FILENAME, file.toURI().toString());
            configuration.update(properties);
            LOG.info("Configuration {} is kept in {}", event.getPid(), file);
        } catch (IOException | InvalidSyntaxException | IllegalStateException e) {
            LOG.warn("Could not link configuration {} to a file in {}: {}", event.getPid(), dir, e.toString());
        }
    }

    /**
     * FileInstall's file name for a configuration: {@code <pid>.cfg}, or {@code <factoryPid>-<name>.cfg}
     * for a factory configuration (its name follows {@code ~}, or the factory PID and a dot when
     * ConfigAdmin generated it).
     */
    static String fileName(String pid, @Nullable String factoryPid) {
        if (factoryPid == null) {
            return pid + ".cfg";
        }
        int tilde = pid.indexOf('~');
        String name = tilde >= 0 ? pid.substring(tilde + 1)
                : pid.startsWith(factoryPid + ".") ? pid.substring(factoryPid.length() + 1) : pid;
        return factoryPid + "-" + name + ".cfg";
    }
}
