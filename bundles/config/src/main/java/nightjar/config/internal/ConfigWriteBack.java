package nightjar.config.internal;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.utils.properties.InterpolationHelper;
import org.apache.felix.utils.properties.TypedProperties;
import org.jspecify.annotations.Nullable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
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
 * Writes every change of a {@code nightjar.*} configuration (web console, web UI, anything else
 * through ConfigAdmin) back to its file in {@code config/}, so that it survives a restart; deleting
 * the configuration deletes the file. FileInstall's own write-back ({@code enableConfigSave}) is off:
 * it truncated the file before writing, and its directory scan could read the file in between and
 * load an empty configuration (docs/decisions.md). This writes a temporary file and renames it into
 * place ({@link ConfigFileWriter}).
 *
 * <p>A configuration is kept in the file its {@value #FILENAME} names. The web console's Save drops
 * that property and a configuration made in the console never had it: such a configuration is first
 * linked to its file ({@link #fileName}), by putting the property (back), and written at the update
 * that follows. Linking first lets FileInstall find the configuration by its file, instead of
 * making a second one from it.
 *
 * <p>What FileInstall reads from a file comes back here as an update, and is not written again
 * when the file already holds it, so a write ends at FileInstall's reading of it. Nor is it written when
 * the file was edited again since it last held its configuration: the update may be that of the edit
 * before, and the newer edit, which FileInstall is yet to read, wins. Values are never logged: a
 * configuration may hold a password.
 */
@Component(service = ConfigurationListener.class)
public final class ConfigWriteBack implements ConfigurationListener {
    static final String FILENAME = "felix.fileinstall.filename";
    private static final String PREFIX = "nightjar.";
    /** Properties ConfigAdmin and FileInstall add, which are not the file's. */
    private static final Set<String> NOT_IN_FILES = Set.of(Constants.SERVICE_PID, ConfigurationAdmin.SERVICE_FACTORYPID,
            ConfigurationAdmin.SERVICE_BUNDLELOCATION, FILENAME);
    private static final Logger LOG = LoggerFactory.getLogger(ConfigWriteBack.class);

    private final ConfigurationAdmin configurationAdmin;
    private final @Nullable Path directory;
    private final ConfigFileWriter writer;
    /** The file of each configuration, for when it is deleted and its properties are gone. */
    private final Map<String, Path> files = new ConcurrentHashMap<>();
    /**
     * Each file's content as last seen holding its configuration (or as written, or as found at the start):
     * a file whose values differ from its and from its configuration's was edited since, and FileInstall is
     * yet to read it (an edit of comments or spacing alone brings no update, and does not count).
     */
    private final Map<Path, byte[]> settled = new ConcurrentHashMap<>();

    @Activate
    public ConfigWriteBack(BundleContext context, @Reference ConfigurationAdmin configurationAdmin) {
        this(configurationAdmin, watched(context), new ConfigFileWriter(encoding(context), substitution(context)));
        if (directory == null) {
            LOG.info("No felix.fileinstall.dir: configuration changes are kept by ConfigAdmin only");
        } else if (!"false".equals(context.getProperty("felix.fileinstall.enableConfigSave"))) {
            LOG.warn("felix.fileinstall.enableConfigSave is not false: FileInstall writes configurations back too, "
                    + "and can empty a file it is writing (docs/decisions.md); set it to false");
        }
    }

    ConfigWriteBack(ConfigurationAdmin configurationAdmin, @Nullable Path directory, ConfigFileWriter writer) {
        this.configurationAdmin = configurationAdmin;
        this.directory = directory;
        this.writer = writer;
        if (directory != null) {
            try {
                Configuration[] linked = configurationAdmin.listConfigurations("(" + FILENAME + "=*)");
                for (Configuration configuration : linked == null ? new Configuration[0] : linked) {
                    Path file = linkedFile(configuration.getProperties());
                    if (configuration.getPid().startsWith(PREFIX) && file != null) {
                        files.put(configuration.getPid(), file);
                        byte[] content = content(file);
                        if (content != null) {
                            settled.put(file, content);
                        }
                    }
                }
            } catch (IOException | InvalidSyntaxException e) {
                LOG.warn("Could not list the configurations kept in files: {}", e.toString());
            }
        }
    }

    /** FileInstall's directory, canonical as FileInstall's scanner has it, so a file's URI is the one it looks for. */
    private static @Nullable Path watched(BundleContext context) {
        String watched = context.getProperty("felix.fileinstall.dir");
        if (watched == null) {
            return null;
        }
        try {
            return new File(watched).getCanonicalFile().toPath();
        } catch (IOException e) {
            return new File(watched).getAbsoluteFile().toPath();
        }
    }

    static Charset encoding(BundleContext context) {
        String name = context.getProperty("felix.fileinstall.configEncoding");
        try {
            return name == null ? StandardCharsets.ISO_8859_1 : Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            LOG.warn("felix.fileinstall.configEncoding {} is not a known encoding; writing ISO-8859-1", name);
            return StandardCharsets.ISO_8859_1;
        }
    }

    /** {@code ${...}} resolved as FileInstall resolves it (framework properties, then system properties). */
    static TypedProperties.SubstitutionCallback substitution(BundleContext context) {
        InterpolationHelper.SubstitutionCallback properties = new InterpolationHelper.BundleContextSubstitutionCallback(context);
        return (name, key, value) -> properties.getValue(value);
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        Path dir = directory;
        String pid = event.getPid();
        if (dir == null || !pid.startsWith(PREFIX)) {
            return;
        }
        if (event.getType() == ConfigurationEvent.CM_UPDATED) {
            updated(dir, pid, event.getFactoryPid());
        } else if (event.getType() == ConfigurationEvent.CM_DELETED) {
            deleted(pid);
        }
    }

    private void updated(Path dir, String pid, @Nullable String factoryPid) {
        Configuration configuration;
        try {
            Configuration[] found = configurationAdmin.listConfigurations("(" + Constants.SERVICE_PID + "=" + pid + ")");
            if (found == null) {
                return;
            }
            configuration = found[0];
        } catch (IOException | InvalidSyntaxException e) {
            LOG.warn("Could not read configuration {}: {}", pid, e.toString());
            return;
        }
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties == null) {
            return;
        }
        Path file = linkedFile(properties);
        if (file == null) {
            link(configuration, properties, files.getOrDefault(pid, dir.resolve(fileName(pid, factoryPid))));
            return;
        }
        files.put(pid, file);
        String name = file.getFileName().toString();
        if (!name.endsWith(".cfg") && !name.endsWith(".config")) {
            return;
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            LOG.warn("Configuration {} was changed, but {} is read-only: the change is lost at the next start", pid, file);
            return;
        }
        if (garbled(file)) {
            // ConfigFileGuard has said why; writing would put what ConfigAdmin parsed from the junk over the user's file.
            return;
        }
        try {
            Map<String, Object> wanted = inFile(properties);
            byte[] content = content(file);
            byte[] known = settled.get(file);
            if (content != null && known != null && !writer.sameValues(content, known) && !writer.holds(content, wanted)) {
                // Edited again since the edit this update came from (or while the change was made elsewhere): the
                // newer edit wins, and writing now would put the older configuration over it before FileInstall reads it.
                LOG.info("Configuration {} was changed, but {} was edited since: FileInstall applies the edit", pid, file);
                return;
            }
            boolean written = writer.write(file, wanted);
            if (written) {
                LOG.info("Configuration {} saved to {}", pid, file);
            }
            byte[] now = written ? content(file) : content;
            if (now != null) {
                settled.put(file, now);
            }
        } catch (IOException | RuntimeException e) {
            // The message names the file and the reason (no space left, read-only file system), never a value.
            LOG.error("Could not save configuration {} to {}, which is left as it was: {}. The change applies now "
                    + "but is lost at the next start unless saved again.", pid, file, reason(e));
        }
    }

    /** The file's bytes, or null when there is no file. */
    private static byte @Nullable [] content(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }

    /** Whether the file has lines that are not {@code key = value} ({@link ConfigFileCheck}, without the keys' types). */
    private boolean garbled(Path file) {
        try {
            return Files.exists(file) && ConfigFileCheck.check(Files.readString(file, writer.encoding()), null, null) != null;
        } catch (java.nio.charset.CharacterCodingException e) {
            return true;
        } catch (IOException e) {
            return false; // the write says why
        }
    }

    /** The file named by the configuration's {@value #FILENAME}, or null. */
    static @Nullable Path linkedFile(@Nullable Dictionary<String, Object> properties) {
        Object link = properties == null ? null : properties.get(FILENAME);
        if (link == null) {
            return null;
        }
        try {
            return Path.of(URI.create(link.toString()));
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            LOG.warn("{} is not a file: {}", FILENAME, link);
            return null;
        }
    }

    private void link(Configuration configuration, Dictionary<String, Object> properties, Path file) {
        // FileInstall's form of the name: File.toURI() of the absolute file (file:/..., not file:///...).
        properties.put(FILENAME, file.toFile().getAbsoluteFile().toURI().toString());
        try {
            configuration.update(properties);
            LOG.info("Configuration {} is kept in {}", configuration.getPid(), file);
        } catch (IOException | IllegalStateException e) {
            LOG.warn("Could not link configuration {} to {}: {}", configuration.getPid(), file, e.toString());
        }
    }

    private void deleted(String pid) {
        Path file = files.remove(pid);
        if (file == null) {
            return;
        }
        settled.remove(file);
        try {
            if (Files.deleteIfExists(file)) {
                LOG.info("Configuration {} was deleted, and with it {}", pid, file);
            }
        } catch (IOException e) {
            LOG.error("Configuration {} was deleted, but {} could not be: {}. It is loaded again at the next start.",
                    pid, file, reason(e));
        }
    }

    private static Map<String, Object> inFile(Dictionary<String, Object> properties) {
        Map<String, Object> values = new HashMap<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!NOT_IN_FILES.contains(key)) {
                values.put(key, properties.get(key));
            }
        }
        return values;
    }

    /** What went wrong, without a value: the file system's reasons name files only, others are named by their type. */
    private static String reason(Exception e) {
        return e instanceof IOException ? e.toString() : e.getClass().getName();
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
