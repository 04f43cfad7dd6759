package nightjar.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.dto.BundleDTO;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;

class ComponentRecoveryTest {
    private static final String TRACE = "java.lang.IllegalArgumentException: preRollSeconds must be 0 to 30, was 99\n"
            + "\tat nightjar.recorder.internal.RecorderSettings.within(RecorderSettings.java:80)\n";

    /** ConfigAdmin's configurations, by PID. */
    private final Map<String, Map<String, Object>> configurations = new HashMap<>();
    private final FakeRuntime runtime = new FakeRuntime();
    /** What happened, in order: pauses, disables, enables. */
    private final List<String> steps = new ArrayList<>();
    private Runnable onPause = () -> { };

    @Test
    void aFailedComponentWithAModifiedMethodIsActivatedAgainWhenItsConfigurationIsCorrected() {
        configurations.put("nightjar.recorder", Map.of("service.pid", "nightjar.recorder", "preRollSeconds", 5));
        ComponentDescriptionDTO recorder = runtime.component("nightjar.recorder", "nightjar.recorder.internal.RecorderComponent",
                "modified", "nightjar.recorder");
        // SCR has taken the corrected value, and "modified" the instance that is not there.
        runtime.failed(recorder, TRACE, "service.pid", "nightjar.recorder", "preRollSeconds", 5);
        runtime.onEnable = description -> runtime.active(description, "service.pid", "nightjar.recorder", "preRollSeconds", 5);

        recovery().recover("nightjar.recorder", null, true);

        assertEquals(List.of("disable nightjar.recorder.internal.RecorderComponent",
                "enable nightjar.recorder.internal.RecorderComponent"), steps);
        assertEquals(ComponentConfigurationDTO.ACTIVE, runtime.configurations.get(recorder).get(0).state);
    }

    @Test
    void theRetryWaitsUntilScrHoldsTheChangedConfiguration() {
        configurations.put("nightjar.recorder", Map.of("service.pid", "nightjar.recorder", "preRollSeconds", 5));
        ComponentDescriptionDTO recorder = runtime.component("nightjar.recorder", "recorder", "modified", "nightjar.recorder");
        runtime.failed(recorder, TRACE, "service.pid", "nightjar.recorder", "preRollSeconds", 99);
        onPause = () -> {
            if (steps.size() == 2) { // SCR takes the change after the second look
                runtime.failed(recorder, TRACE, "service.pid", "nightjar.recorder", "preRollSeconds", 5);
            }
        };

        recovery().recover("nightjar.recorder", null, true);

        assertEquals(List.of("pause", "pause", "disable recorder", "enable recorder"), steps);
    }

    @Test
    void aComponentWithoutAModifiedMethodIsLeftToScrWhichRecreatesIt() {
        configurations.put("nightjar.gpio", Map.of("service.pid", "nightjar.gpio", "irPin", -3));
        ComponentDescriptionDTO gpio = runtime.component("nightjar.gpio", "gpio", null, "nightjar.gpio");
        runtime.failed(gpio, "java.lang.IllegalArgumentException: irPin must be 0 to 27, was -3", "service.pid",
                "nightjar.gpio", "irPin", -3);

        recovery().recover("nightjar.gpio", null, true);

        assertEquals(List.of(), steps);
    }

    @Test
    void onlyTheFactoryInstanceOfTheChangedConfigurationAndOnlyNightjarBundlesAreRetried() {
        configurations.put("nightjar.camera~back", Map.of("service.pid", "nightjar.camera~back", "fps", 10));
        ComponentDescriptionDTO camera = runtime.component("nightjar.camera", "camera", "modified", "nightjar.camera");
        runtime.failed(camera, TRACE, "service.pid", "nightjar.camera~front", "fps", -5);
        ComponentDescriptionDTO other = runtime.component("org.example.other", "other", "modified", "nightjar.camera");
        runtime.failed(other, TRACE, "service.pid", "nightjar.camera~back", "fps", 10);

        recovery().recover("nightjar.camera~back", "nightjar.camera", true);

        assertEquals(List.of(), steps);
    }

    @Test
    void aComponentThatFailsAgainIsTriedOnce() {
        configurations.put("nightjar.recorder", Map.of("service.pid", "nightjar.recorder", "preRollSeconds", 31));
        ComponentDescriptionDTO recorder = runtime.component("nightjar.recorder", "recorder", "modified", "nightjar.recorder");
        runtime.failed(recorder, TRACE, "service.pid", "nightjar.recorder", "preRollSeconds", 31);
        runtime.onEnable = description -> runtime.failed(description, TRACE, "service.pid", "nightjar.recorder",
                "preRollSeconds", 31);

        recovery().recover("nightjar.recorder", null, true);

        assertEquals(List.of("disable recorder", "enable recorder"), steps);
    }

    @Test
    void aNewConfigurationIsLeftToScrWhichActivatesItsComponentAfresh() {
        // A camera file with an id that cannot be one: SCR's first activation of the new instance failed.
        configurations.put("nightjar.camera~bad.id", Map.of("service.pid", "nightjar.camera~bad.id", "fps", 10));
        ComponentDescriptionDTO camera = runtime.component("nightjar.camera", "camera", "modified", "nightjar.camera");
        runtime.failed(camera, TRACE, "service.pid", "nightjar.camera~bad.id", "fps", 10);
        List<Runnable> queued = new ArrayList<>();
        ComponentRecovery recovery = new ComponentRecovery(runtime, configurations::get, new QueueExecutor(queued),
                () -> { }, List.of("nightjar.camera~front"));

        recovery.configurationEvent(event(ConfigurationEvent.CM_UPDATED, "nightjar.camera~bad.id", "nightjar.camera"));
        queued.forEach(Runnable::run);
        assertEquals(List.of(), steps, "new: not retried");

        recovery.configurationEvent(event(ConfigurationEvent.CM_UPDATED, "nightjar.camera~bad.id", "nightjar.camera"));
        queued.get(1).run();
        assertEquals(List.of("disable camera", "enable camera"), steps, "changed: retried");
    }

    @Test
    void onlyNightjarConfigurationsAreLookedAtAndNeverOnConfigAdminsThread() {
        List<Runnable> queued = new ArrayList<>();
        ComponentRecovery recovery = new ComponentRecovery(runtime, configurations::get, new QueueExecutor(queued), () -> { },
                List.of());

        recovery.configurationEvent(event(ConfigurationEvent.CM_UPDATED, "org.apache.felix.http"));
        recovery.configurationEvent(event(ConfigurationEvent.CM_UPDATED, "nightjar.recorder"));
        recovery.configurationEvent(event(ConfigurationEvent.CM_DELETED, "nightjar.recorder"));
        recovery.configurationEvent(event(ConfigurationEvent.CM_LOCATION_CHANGED, "nightjar.recorder"));
        recovery.configurationEvent(event(ConfigurationEvent.CM_DELETED, "nightjar.camera~back", "nightjar.camera"));

        assertEquals(2, queued.size());
        assertEquals(0, runtime.lookups, "nothing is looked up on the caller's thread");
    }

    @Test
    void scrHoldsAConfigurationWhenItsPropertiesHaveTheSameValuesInAnyForm() {
        ComponentConfigurationDTO component = new ComponentConfigurationDTO();
        component.properties = Map.of("service.pid", "nightjar.motion~front", "zones", new String[] {"a", "b"}, "minArea", 3,
                "component.name", "motion");
        assertTrue(ComponentRecovery.holds(component, "nightjar.motion~front",
                Map.of("service.pid", "nightjar.motion~front", "zones", List.of("a", "b"), "minArea", 3)));
        assertFalse(ComponentRecovery.holds(component, "nightjar.motion~front", Map.of("minArea", 4)));
        assertFalse(ComponentRecovery.holds(component, "nightjar.motion~front", null), "deleted, but still named");
    }

    @Test
    void theReasonIsTheExceptionsMessageOnOneLine() {
        assertEquals("preRollSeconds must be 0 to 30, was 99", ComponentProblems.reason(TRACE));
        assertEquals("directory must not be empty", ComponentProblems.reason(
                "java.lang.reflect.InvocationTargetException\n\tat x.y(Z.java:1)\nCaused by: "
                        + "java.lang.IllegalArgumentException: directory must not be empty\n\tat a.b(C.java:2)\n"));
        assertEquals("java.lang.NullPointerException", ComponentProblems.reason("java.lang.NullPointerException\n\tat a.b(C.java:2)"));
        assertEquals("unknown reason", ComponentProblems.reason(null));
    }

    private ComponentRecovery recovery() {
        return new ComponentRecovery(runtime, configurations::get, new QueueExecutor(new ArrayList<>()), () -> {
            steps.add("pause");
            onPause.run();
        }, List.of());
    }

    private static ConfigurationEvent event(int type, String pid) {
        return event(type, pid, null);
    }

    private static ConfigurationEvent event(int type, String pid, @Nullable String factoryPid) {
        @SuppressWarnings("unchecked")
        ServiceReference<ConfigurationAdmin> reference = (ServiceReference<ConfigurationAdmin>) Proxy.newProxyInstance(
                ComponentRecoveryTest.class.getClassLoader(), new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> null);
        return new ConfigurationEvent(reference, type, factoryPid, pid);
    }

    private static Map<String, Object> properties(Object... keysAndValues) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    /** SCR as far as the recovery sees it: descriptions, their configurations, and enable/disable as recorded steps. */
    private final class FakeRuntime implements ServiceComponentRuntime {
        final Map<ComponentDescriptionDTO, List<ComponentConfigurationDTO>> configurations = new LinkedHashMap<>();
        java.util.function.Consumer<ComponentDescriptionDTO> onEnable = description -> { };
        int lookups;

        ComponentDescriptionDTO component(String bundle, String name, @Nullable String modified, String... pids) {
            ComponentDescriptionDTO description = new ComponentDescriptionDTO();
            description.name = name;
            description.bundle = new BundleDTO();
            description.bundle.symbolicName = bundle;
            description.modified = modified;
            description.configurationPid = pids;
            configurations.put(description, new ArrayList<>());
            return description;
        }

        void failed(ComponentDescriptionDTO description, String failure, Object... properties) {
            set(description, ComponentConfigurationDTO.FAILED_ACTIVATION, failure, properties);
        }

        void active(ComponentDescriptionDTO description, Object... properties) {
            set(description, ComponentConfigurationDTO.ACTIVE, null, properties);
        }

        private void set(ComponentDescriptionDTO description, int state, @Nullable String failure, Object... properties) {
            ComponentConfigurationDTO configuration = new ComponentConfigurationDTO();
            configuration.id = 7;
            configuration.description = description;
            configuration.state = state;
            configuration.failure = failure;
            configuration.properties = properties(properties);
            configurations.put(description, new ArrayList<>(List.of(configuration)));
        }

        @Override
        public Collection<ComponentDescriptionDTO> getComponentDescriptionDTOs(Bundle... bundles) {
            lookups++;
            return configurations.keySet();
        }

        @Override
        public @Nullable ComponentDescriptionDTO getComponentDescriptionDTO(Bundle bundle, String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Collection<ComponentConfigurationDTO> getComponentConfigurationDTOs(ComponentDescriptionDTO description) {
            lookups++;
            return List.copyOf(configurations.get(description));
        }

        @Override
        public boolean isComponentEnabled(ComponentDescriptionDTO description) {
            return true;
        }

        @Override
        public Promise<Void> enableComponent(ComponentDescriptionDTO description) {
            steps.add("enable " + description.name);
            onEnable.accept(description);
            return Promises.resolved(null);
        }

        @Override
        public Promise<Void> disableComponent(ComponentDescriptionDTO description) {
            steps.add("disable " + description.name);
            return Promises.resolved(null);
        }
    }

    /** Keeps what it is given to run, instead of running it. */
    private static final class QueueExecutor extends AbstractExecutorService {
        private final List<Runnable> queued;

        QueueExecutor(List<Runnable> queued) {
            this.queued = queued;
        }

        @Override
        public void execute(Runnable command) {
            queued.add(command);
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
