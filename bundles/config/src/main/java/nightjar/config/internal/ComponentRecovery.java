package nightjar.config.internal;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import nightjar.tasks.Threads;

/**
 * Brings a Nightjar component whose activation failed back when its configuration is corrected,
 * without a restart, and logs why a component still fails after a configuration change.
 *
 * <p>Why: Felix SCR (2.2.18) keeps a component with a {@code @Modified} method whose activation threw
 * "satisfied" without an instance. When its configuration changes, SCR calls the modified method on
 * no instance, takes that as success, and never activates the component again until a restart. So,
 * once SCR has taken a changed {@code nightjar.*} configuration, a component of a Nightjar bundle that
 * uses it, has a modified method and is in FAILED_ACTIVATION is disabled and enabled again, which makes
 * SCR activate it afresh. A component without a modified method needs none of this: SCR re-creates it.
 * Disabling a description stops all its configurations; for a factory component that means its
 * healthy instances restart with it, which is rare (a component failing at activation) and harmless.
 *
 * <p>Only a configuration that existed before the change can leave a component in that state: SCR
 * activates a component afresh for a new one (a new factory instance, a required configuration that
 * was missing), and a retry would only repeat its failure, so those are not retried.
 *
 * <p>All of it runs on a thread of its own, never on ConfigAdmin's event thread.
 */
// Immediate: the configurations there are at start are the ones that exist before any change this hears of.
@Component(service = ConfigurationListener.class, immediate = true)
public final class ComponentRecovery implements ConfigurationListener {
    private static final String PREFIX = "nightjar.";
    private static final Logger LOG = LoggerFactory.getLogger(ComponentRecovery.class);
    /** How long SCR may take to hand a changed configuration to its components before the retry goes ahead anyway. */
    private static final int CATCH_UP_CHECKS = 100;
    private static final long CATCH_UP_PAUSE_MILLIS = 50;

    private final ServiceComponentRuntime runtime;
    /** The current properties of a configuration by PID, or null when there is none. */
    private final Function<String, @Nullable Map<String, Object>> configurations;
    private final ExecutorService executor;
    private final Runnable pause;
    /** The PIDs of the Nightjar configurations there are, to tell a changed configuration from a new one. */
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    @Activate
    public ComponentRecovery(@Reference ServiceComponentRuntime runtime, @Reference ConfigurationAdmin configurationAdmin) {
        this(runtime, pid -> current(configurationAdmin, pid), Threads.scheduler("nightjar-config-recovery"),
                ComponentRecovery::pause, existing(configurationAdmin));
    }

    ComponentRecovery(ServiceComponentRuntime runtime, Function<String, @Nullable Map<String, Object>> configurations,
            ExecutorService executor, Runnable pause, Collection<String> existing) {
        this.runtime = runtime;
        this.configurations = configurations;
        this.executor = executor;
        this.pause = pause;
        this.known.addAll(existing);
    }

    @Deactivate
    void deactivate() {
        Threads.stopNow(executor, Duration.ofSeconds(5));
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        String pid = event.getPid();
        int type = event.getType();
        if (!pid.startsWith(PREFIX) || (type != ConfigurationEvent.CM_UPDATED && type != ConfigurationEvent.CM_DELETED)) {
            return;
        }
        boolean existed = type == ConfigurationEvent.CM_DELETED ? known.remove(pid) : !known.add(pid);
        String factoryPid = event.getFactoryPid();
        if (type == ConfigurationEvent.CM_DELETED && factoryPid != null) {
            return; // SCR disposes of the factory instance: nothing is left to retry
        }
        executor.execute(() -> recover(pid, factoryPid, existed));
    }

    /**
     * Retries (when the configuration {@code existed} before this change), or only reports, every
     * failed Nightjar component that uses configuration {@code pid}.
     */
    void recover(String pid, @Nullable String factoryPid, boolean existed) {
        for (ComponentConfigurationDTO failed : failed(pid, factoryPid)) {
            ComponentConfigurationDTO now = afterScrCaughtUp(failed, pid);
            if (now == null || now.state != ComponentConfigurationDTO.FAILED_ACTIVATION) {
                continue; // gone, or SCR brought it back itself
            }
            if (existed && now.description.modified != null) {
                LOG.info("Retrying {} after its configuration {} changed", now.description.name, pid);
                now = retry(now.description, pid);
            }
            if (now != null && now.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                LOG.warn("{} failed with configuration {}: {}", now.description.name, pid, ComponentProblems.reason(now.failure));
            }
        }
    }

    /** The failed configurations of Nightjar components that take {@code pid}: a singleton's, or that factory instance. */
    private List<ComponentConfigurationDTO> failed(String pid, @Nullable String factoryPid) {
        List<ComponentConfigurationDTO> failed = new ArrayList<>();
        for (ComponentDescriptionDTO description : runtime.getComponentDescriptionDTOs()) {
            if (!ComponentProblems.isNightjar(description) || !uses(description, pid, factoryPid)) {
                continue;
            }
            for (ComponentConfigurationDTO configuration : runtime.getComponentConfigurationDTOs(description)) {
                if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION
                        && (factoryPid == null || ComponentProblems.pids(configuration).contains(pid))) {
                    failed.add(configuration);
                }
            }
        }
        return failed;
    }

    private static boolean uses(ComponentDescriptionDTO description, String pid, @Nullable String factoryPid) {
        List<String> configured = description.configurationPid == null ? List.of() : Arrays.asList(description.configurationPid);
        return factoryPid == null ? configured.contains(pid) : configured.contains(factoryPid);
    }

    /**
     * The component configuration once SCR holds the configuration as ConfigAdmin has it now, or null
     * when it is gone. ConfigAdmin tells SCR and this listener on the same thread in no set order: a
     * retry before SCR has the change would activate with the old values, then SCR would "modify" the
     * instance that is not there, and the component would stay down.
     */
    private @Nullable ComponentConfigurationDTO afterScrCaughtUp(ComponentConfigurationDTO failed, String pid) {
        ComponentConfigurationDTO now = failed;
        for (int check = 0; check < CATCH_UP_CHECKS; check++) {
            if (holds(now, pid, configurations.apply(pid))) {
                return now;
            }
            pause.run();
            if (Thread.currentThread().isInterrupted()) {
                return null;
            }
            now = find(now.description, now.id);
            if (now == null) {
                return null;
            }
        }
        LOG.debug("SCR has not taken configuration {} for {}; retrying all the same", pid, failed.description.name);
        return now;
    }

    /** Whether the component's properties are those of the configuration (or, deleted, no longer name it). */
    static boolean holds(ComponentConfigurationDTO component, String pid, @Nullable Map<String, Object> configuration) {
        if (configuration == null) {
            return !ComponentProblems.pids(component).contains(pid);
        }
        Map<String, Object> properties = component.properties == null ? Map.of() : component.properties;
        for (Map.Entry<String, Object> entry : configuration.entrySet()) {
            if (!Objects.equals(comparable(entry.getValue()), comparable(properties.get(entry.getKey())))) {
                return false;
            }
        }
        return true;
    }

    /** A value as SCR's DTOs may carry it: arrays and collections as lists, other values as text. */
    private static @Nullable Object comparable(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        if (value.getClass().isArray()) {
            List<@Nullable Object> list = new ArrayList<>();
            for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
                list.add(comparable(java.lang.reflect.Array.get(value, i)));
            }
            return list;
        }
        if (value instanceof Collection<?> collection) {
            List<@Nullable Object> list = new ArrayList<>();
            collection.forEach(element -> list.add(comparable(element)));
            return list;
        }
        return value.toString();
    }

    /** Disables and enables the component, and returns its configuration afterwards (null when it has none). */
    private @Nullable ComponentConfigurationDTO retry(ComponentDescriptionDTO description, String pid) {
        try {
            runtime.disableComponent(description).getValue();
            runtime.enableComponent(description).getValue();
        } catch (InvocationTargetException e) {
            LOG.warn("Could not retry {}: {}", description.name, ComponentProblems.reason(String.valueOf(e.getCause())));
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        for (ComponentConfigurationDTO configuration : runtime.getComponentConfigurationDTOs(description)) {
            if (ComponentProblems.pids(configuration).contains(pid)
                    || configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                return configuration;
            }
        }
        return null;
    }

    private @Nullable ComponentConfigurationDTO find(ComponentDescriptionDTO description, long id) {
        for (ComponentConfigurationDTO configuration : runtime.getComponentConfigurationDTOs(description)) {
            if (configuration.id == id) {
                return configuration;
            }
        }
        return null;
    }

    private static @Nullable Map<String, Object> current(ConfigurationAdmin configurationAdmin, String pid) {
        try {
            Configuration[] found = configurationAdmin.listConfigurations("(" + Constants.SERVICE_PID + "=" + pid + ")");
            Dictionary<String, Object> properties = found == null ? null : found[0].getProperties();
            if (properties == null) {
                return null;
            }
            Map<String, Object> values = new HashMap<>();
            for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                values.put(key, properties.get(key));
            }
            return values;
        } catch (IOException | InvalidSyntaxException e) { // unreadable: go ahead as if SCR had it
            LOG.debug("Could not read configuration {}: {}", pid, e.toString());
            return Map.of();
        }
    }

    private static Set<String> existing(ConfigurationAdmin configurationAdmin) {
        Set<String> pids = new HashSet<>();
        try {
            Configuration[] all = configurationAdmin.listConfigurations("(" + Constants.SERVICE_PID + "=" + PREFIX + "*)");
            for (Configuration configuration : all == null ? new Configuration[0] : all) {
                pids.add(configuration.getPid());
            }
        } catch (IOException | InvalidSyntaxException e) {
            LOG.warn("Could not list the configurations: {}", e.toString());
        }
        return pids;
    }

    private static void pause() {
        try {
            Thread.sleep(CATCH_UP_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
