package nightjar.config.internal;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.apache.felix.utils.properties.TypedProperties;
import org.jspecify.annotations.Nullable;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a garbled {@code config/} file from reaching its component. ConfigAdmin asks this plugin
 * before it hands a {@code nightjar.*} configuration to a component; when the configuration's file
 * does not parse ({@link ConfigFileCheck}: a line that is not {@code key = value}, a key the
 * component does not have, a value that does not convert), the component gets the last good
 * configuration of this run instead (the configurations handed out before this plugin started
 * count), and one WARN line names the file, the line and why. Without a good one (the file was bad
 * from the start) the lines that are good apply and the others keep their defaults. The file itself is left as the user wrote it ({@link ConfigWriteBack} does not write over
 * a file that does not parse); once it is fixed it applies.
 */
@Component(service = ConfigurationPlugin.class, immediate = true) // immediate: ConfigAdmin lets go of a plugin after each use, and the last good configurations would go with it
public final class ConfigFileGuard implements ConfigurationPlugin {
    private static final String PREFIX = "nightjar.";
    /** What ConfigAdmin and FileInstall put in every configuration, kept whatever the file says. */
    private static final Set<String> BOOKKEEPING = Set.of(Constants.SERVICE_PID, ConfigurationAdmin.SERVICE_FACTORYPID,
            ConfigurationAdmin.SERVICE_BUNDLELOCATION, ConfigWriteBack.FILENAME);
    private static final Logger LOG = LoggerFactory.getLogger(ConfigFileGuard.class);

    private final Function<String, @Nullable Map<String, AttributeDefinition>> definitions;
    private final Charset encoding;
    private final TypedProperties.@Nullable SubstitutionCallback substitution;
    /** The last configuration of each PID that came from a good file, as handed to the components. */
    private final Map<String, Map<String, Object>> lastGood = new ConcurrentHashMap<>();
    /** The refusal last logged for each PID, so that the components of one PID get one line. */
    private final Map<String, String> refused = new ConcurrentHashMap<>();

    @Activate
    public ConfigFileGuard(BundleContext context, @Reference MetaTypeService metaType,
            @Reference ConfigurationAdmin configurationAdmin) {
        this(pid -> definitions(context, metaType, pid), ConfigWriteBack.encoding(context),
                ConfigWriteBack.substitution(context));
        checkExisting(configurationAdmin);
    }

    /**
     * Checks the configurations already handed out before this plugin was there (the components of
     * bundles that started first): a good one is the one to keep, a bad one is reported now.
     */
    void checkExisting(ConfigurationAdmin configurationAdmin) {
        try {
            Configuration[] existing = configurationAdmin.listConfigurations("(" + ConfigWriteBack.FILENAME + "=*)");
            for (Configuration configuration : existing == null ? new Configuration[0] : existing) {
                Dictionary<String, Object> properties = configuration.getProperties();
                if (properties != null) {
                    modifyConfiguration(null, properties);
                }
            }
        } catch (IOException | InvalidSyntaxException e) {
            LOG.warn("Could not list the configurations kept in files: {}", e.toString());
        }
    }

    /**
     * @param definitions the settings of a PID or factory PID by key, from the component's metatype;
     *     null when no bundle describes it
     */
    ConfigFileGuard(Function<String, @Nullable Map<String, AttributeDefinition>> definitions, Charset encoding,
            TypedProperties.@Nullable SubstitutionCallback substitution) {
        this.definitions = definitions;
        this.encoding = encoding;
        this.substitution = substitution;
    }

    private static @Nullable Map<String, AttributeDefinition> definitions(BundleContext context, MetaTypeService metaType,
            String pid) {
        for (Bundle bundle : context.getBundles()) {
            MetaTypeInformation information = metaType.getMetaTypeInformation(bundle);
            if (information != null && (List.of(information.getPids()).contains(pid)
                    || List.of(information.getFactoryPids()).contains(pid))) {
                Map<String, AttributeDefinition> byKey = new HashMap<>();
                for (AttributeDefinition ad : information.getObjectClassDefinition(pid, null)
                        .getAttributeDefinitions(ObjectClassDefinition.ALL)) {
                    byKey.put(ad.getID(), ad);
                }
                return byKey;
            }
        }
        return null;
    }

    @Override
    public void modifyConfiguration(@Nullable ServiceReference<?> reference, Dictionary<String, Object> properties) {
        Object pid = properties.get(Constants.SERVICE_PID);
        Path file = ConfigWriteBack.linkedFile(properties);
        if (!(pid instanceof String p) || !p.startsWith(PREFIX) || file == null || !Files.isRegularFile(file)) {
            return;
        }
        Object factoryPid = properties.get(ConfigurationAdmin.SERVICE_FACTORYPID);
        Map<String, AttributeDefinition> settings = definitions.apply(factoryPid != null ? factoryPid.toString() : p);
        ConfigFileCheck.Problem problem;
        try {
            problem = ConfigFileCheck.check(Files.readString(file, encoding), settings, substitution);
        } catch (java.nio.charset.CharacterCodingException e) {
            problem = new ConfigFileCheck.Problem(1, "not text in " + encoding);
        } catch (IOException e) {
            return; // FileInstall read it a moment ago; what ConfigAdmin holds is what it read
        }
        Map<String, Object> good = lastGood.get(p);
        if (problem == null) {
            lastGood.put(p, copy(properties));
            if (refused.remove(p) != null) {
                LOG.info("{} is good again and applies", file);
            }
            return;
        }
        String refusal = file + " line " + problem.line() + ": " + problem.reason();
        if (!refusal.equals(refused.put(p, refusal))) {
            LOG.warn("{}. The file is refused and left as it is: {}. Fix the file and it applies.", refusal,
                    good != null ? "the configuration before it stays in force"
                            : "its good lines apply, the others keep their defaults");
        }
        if (good != null) {
            replace(properties, good);
        } else {
            dropBadValues(properties, settings);
        }
    }

    private static Map<String, Object> copy(Dictionary<String, Object> properties) {
        Map<String, Object> copy = new HashMap<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            copy.put(key, properties.get(key));
        }
        return copy;
    }

    private static void replace(Dictionary<String, Object> properties, Map<String, Object> good) {
        for (String key : copy(properties).keySet()) {
            if (!BOOKKEEPING.contains(key)) {
                properties.remove(key);
            }
        }
        good.forEach((key, value) -> {
            if (!BOOKKEEPING.contains(key)) {
                properties.put(key, value);
            }
        });
    }

    /** Without a good configuration: the keys the component does not have and the values that do not convert go. */
    private static void dropBadValues(Dictionary<String, Object> properties,
            @Nullable Map<String, AttributeDefinition> settings) {
        if (settings == null) {
            return;
        }
        for (Map.Entry<String, Object> entry : copy(properties).entrySet()) {
            String key = entry.getKey();
            AttributeDefinition setting = settings.get(key);
            if (BOOKKEEPING.contains(key) || ConfigFileCheck.ownedByTheFramework(key)) {
                continue;
            }
            if (setting == null || ConfigFileCheck.convertible(setting, entry.getValue()) != null) {
                properties.remove(key);
            }
        }
    }
}
