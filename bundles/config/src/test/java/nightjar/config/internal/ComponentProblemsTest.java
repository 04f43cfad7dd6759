package nightjar.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.dto.BundleDTO;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.osgi.util.promise.Promise;

import nightjar.api.config.ComponentProblem;

class ComponentProblemsTest {
    private final Map<ComponentDescriptionDTO, List<ComponentConfigurationDTO>> components = new LinkedHashMap<>();

    @Test
    void aFailedActivationIsListedWithItsConfigurationAndTheExceptionsMessage() {
        ComponentDescriptionDTO recorder = description("nightjar.recorder", "nightjar.recorder.internal.RecorderComponent",
                "nightjar.recorder");
        components.put(recorder, List.of(configuration(recorder, ComponentConfigurationDTO.FAILED_ACTIVATION,
                "java.lang.IllegalArgumentException: preRollSeconds must be 0 to 30, was 99\n\tat nightjar.recorder."
                        + "internal.RecorderSettings.within(RecorderSettings.java:80)\n", "nightjar.recorder")));

        assertEquals(List.of(new ComponentProblem("nightjar.recorder.internal.RecorderComponent", "nightjar.recorder",
                "failed", "preRollSeconds must be 0 to 30, was 99")), ComponentProblems.of(runtime()));
    }

    @Test
    void aConfiguredComponentWaitingForAMissingServiceIsListedAndAnUnconfiguredOneIsNot() {
        ComponentDescriptionDTO motion = description("nightjar.motion", "motion", "nightjar.motion");
        ComponentConfigurationDTO garage = configuration(motion, ComponentConfigurationDTO.UNSATISFIED_REFERENCE, null,
                "nightjar.motion~garage");
        UnsatisfiedReferenceDTO camera = new UnsatisfiedReferenceDTO();
        camera.name = "camera";
        camera.target = "(camera.id=garage)";
        garage.unsatisfiedReferences = new UnsatisfiedReferenceDTO[] {camera};
        components.put(motion, List.of(garage));
        ComponentDescriptionDTO mqtt = description("nightjar.mqtt", "mqttStatus", "nightjar.mqtt.status");
        components.put(mqtt, List.of(configuration(mqtt, ComponentConfigurationDTO.UNSATISFIED_REFERENCE, null, null)));

        assertEquals(List.of(new ComponentProblem("motion", "nightjar.motion~garage", "waiting",
                "waiting for camera (camera.id=garage)")), ComponentProblems.of(runtime()));
    }

    @Test
    void healthyComponentsAndOtherBundlesAreNotListed() {
        ComponentDescriptionDTO camera = description("nightjar.camera", "camera", "nightjar.camera");
        components.put(camera, List.of(configuration(camera, ComponentConfigurationDTO.ACTIVE, null, "nightjar.camera~front")));
        ComponentDescriptionDTO other = description("org.apache.felix.webconsole", "console", "console");
        components.put(other, List.of(configuration(other, ComponentConfigurationDTO.FAILED_ACTIVATION, "boom", "console")));

        assertEquals(List.of(), ComponentProblems.of(runtime()));
    }

    @Test
    void theReasonIsOneLineWithoutTheExceptionsClass() {
        assertEquals("directory must not be empty", ComponentProblems.reason("java.lang.reflect.InvocationTargetException\n"
                + "\tat x.y(Z.java:1)\nCaused by: java.lang.IllegalArgumentException: directory must not be empty\n"));
        assertEquals("java.lang.NullPointerException", ComponentProblems.reason("java.lang.NullPointerException\n\tat a.b(C.java:2)"));
        assertEquals("unknown reason", ComponentProblems.reason(null));
    }

    private static ComponentDescriptionDTO description(String bundle, String name, String pid) {
        ComponentDescriptionDTO description = new ComponentDescriptionDTO();
        description.name = name;
        description.bundle = new BundleDTO();
        description.bundle.symbolicName = bundle;
        description.configurationPid = new String[] {pid};
        return description;
    }

    private static ComponentConfigurationDTO configuration(ComponentDescriptionDTO description, int state,
            @Nullable String failure, @Nullable String pid) {
        ComponentConfigurationDTO configuration = new ComponentConfigurationDTO();
        configuration.description = description;
        configuration.state = state;
        configuration.failure = failure;
        configuration.properties = pid == null ? Map.of("component.name", description.name)
                : Map.of("component.name", description.name, "service.pid", pid);
        return configuration;
    }

    private ServiceComponentRuntime runtime() {
        return new ServiceComponentRuntime() {
            @Override
            public Collection<ComponentDescriptionDTO> getComponentDescriptionDTOs(Bundle... bundles) {
                return components.keySet();
            }

            @Override
            public @Nullable ComponentDescriptionDTO getComponentDescriptionDTO(Bundle bundle, String name) {
                return null;
            }

            @Override
            public Collection<ComponentConfigurationDTO> getComponentConfigurationDTOs(ComponentDescriptionDTO description) {
                return components.get(description);
            }

            @Override
            public boolean isComponentEnabled(ComponentDescriptionDTO description) {
                return true;
            }

            @Override
            public Promise<Void> enableComponent(ComponentDescriptionDTO description) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Promise<Void> disableComponent(ComponentDescriptionDTO description) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
