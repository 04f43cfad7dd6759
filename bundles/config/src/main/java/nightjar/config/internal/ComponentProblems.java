package nightjar.config.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

import nightjar.api.config.ComponentHealth;
import nightjar.api.config.ComponentProblem;

/**
 * The Nightjar components that are down because of their configuration, for the System page:
 * those whose activation failed (a value the component refused), with the reason, and those with a
 * configuration that wait for a service that is not there (a motion detector of a camera that does
 * not exist). A component without a configuration that waits is left out: that is how an optional
 * part (MQTT, GPIO) is switched off.
 */
@Component(service = ComponentHealth.class)
public final class ComponentProblems implements ComponentHealth {
    private static final String NIGHTJAR = "nightjar.";
    private final ServiceComponentRuntime runtime;

    @Activate
    public ComponentProblems(@Reference ServiceComponentRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public List<ComponentProblem> problems() {
        return of(runtime);
    }

    static List<ComponentProblem> of(ServiceComponentRuntime runtime) {
        List<ComponentProblem> problems = new ArrayList<>();
        for (ComponentDescriptionDTO description : runtime.getComponentDescriptionDTOs()) {
            if (!isNightjar(description)) {
                continue;
            }
            for (ComponentConfigurationDTO component : runtime.getComponentConfigurationDTOs(description)) {
                String configuration = configuration(component);
                if (component.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    problems.add(problem(description, configuration, "failed", reason(component.failure)));
                } else if (component.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE && configuration != null) {
                    problems.add(problem(description, configuration, "waiting", waitingFor(component.unsatisfiedReferences)));
                }
            }
        }
        return problems;
    }

    private static ComponentProblem problem(ComponentDescriptionDTO description, @Nullable String configuration,
            String state, String message) {
        return new ComponentProblem(description.name, configuration != null ? configuration
                : description.configurationPid != null && description.configurationPid.length > 0
                        ? description.configurationPid[0] : description.name, state, message);
    }

    static boolean isNightjar(ComponentDescriptionDTO description) {
        String bundle = description.bundle == null ? null : description.bundle.symbolicName;
        return bundle != null && bundle.startsWith(NIGHTJAR);
    }

    /** The PID of the configuration the component has (those of all, joined), or null when it has none. */
    private static @Nullable String configuration(ComponentConfigurationDTO component) {
        List<String> pids = pids(component);
        return pids.isEmpty() ? null : String.join(", ", pids);
    }

    /** The PIDs of the configurations the component has. */
    static List<String> pids(ComponentConfigurationDTO component) {
        Object pids = component.properties == null ? null : component.properties.get(Constants.SERVICE_PID);
        List<String> names = new ArrayList<>();
        if (pids instanceof String name) {
            names.add(name);
        } else if (pids instanceof String[] array) {
            names.addAll(Arrays.asList(array));
        } else if (pids instanceof Collection<?> collection) {
            collection.forEach(name -> names.add(String.valueOf(name)));
        }
        return names;
    }

    private static String waitingFor(UnsatisfiedReferenceDTO @Nullable [] references) {
        List<String> missing = new ArrayList<>();
        for (UnsatisfiedReferenceDTO reference : references == null ? new UnsatisfiedReferenceDTO[0] : references) {
            missing.add(reference.target == null ? reference.name : reference.name + " " + reference.target);
        }
        return "waiting for " + (missing.isEmpty() ? "a service" : String.join(", ", missing));
    }

    /**
     * The failure in one line: SCR gives the exception's stack trace; this is its first line without
     * the exception's class ("preRollSeconds must be 0 to 30, was 99"), or the first cause's when the
     * exception itself has no message.
     */
    static String reason(@Nullable String failure) {
        if (failure == null || failure.isBlank()) {
            return "unknown reason";
        }
        String[] lines = failure.strip().split("\\R");
        String line = lines[0].strip();
        if (!line.contains(": ")) {
            for (String later : lines) {
                if (later.startsWith("Caused by: ")) {
                    line = later.substring("Caused by: ".length()).strip();
                    break;
                }
            }
        }
        return line.replaceFirst("^[\\w$]+(\\.[\\w$]+)+: ", "");
    }
}
