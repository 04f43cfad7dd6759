package nightjar.web.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.Constants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * The Nightjar components that are down because of their configuration, for {@code /api/system}:
 * those whose activation failed (a value the component refused), with the reason, and those with a
 * configuration that wait for a service that is not there (a motion detector of a camera that does
 * not exist). A component without a configuration that waits is left out: that is how an optional
 * part (MQTT, GPIO) is switched off.
 */
final class ComponentProblems {
    private static final String NIGHTJAR = "nightjar.";

    private ComponentProblems() {
    }

    /** One map per problem: component, configuration (its PID), state ("failed" or "waiting"), message. */
    static List<Map<String, Object>> of(ServiceComponentRuntime runtime) {
        List<Map<String, Object>> problems = new ArrayList<>();
        for (ComponentDescriptionDTO description : runtime.getComponentDescriptionDTOs()) {
            String bundle = description.bundle == null ? null : description.bundle.symbolicName;
            if (bundle == null || !bundle.startsWith(NIGHTJAR)) {
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

    private static Map<String, Object> problem(ComponentDescriptionDTO description, @Nullable String configuration,
            String state, String message) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("component", description.name);
        problem.put("configuration", configuration != null ? configuration
                : description.configurationPid != null && description.configurationPid.length > 0
                        ? description.configurationPid[0] : description.name);
        problem.put("state", state);
        problem.put("message", message);
        return problem;
    }

    /** The PID of the configuration the component has, or null when it has none. */
    private static @Nullable String configuration(ComponentConfigurationDTO component) {
        Object pid = component.properties == null ? null : component.properties.get(Constants.SERVICE_PID);
        if (pid instanceof String[] pids) {
            return pids.length == 0 ? null : String.join(", ", pids);
        }
        if (pid instanceof Collection<?> pids) {
            return pids.isEmpty() ? null : String.join(", ", pids.stream().map(String::valueOf).toList());
        }
        return pid == null ? null : pid.toString();
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
