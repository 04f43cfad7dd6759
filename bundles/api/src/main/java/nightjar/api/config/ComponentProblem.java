package nightjar.api.config;

/**
 * A component that is down.
 *
 * @param component the component's name
 * @param configuration the PID of its configuration
 * @param state "failed" (it refused its configuration) or "waiting" (for a service that is not there)
 * @param message why, in one line ("preRollSeconds must be 0 to 30, was 99")
 */
public record ComponentProblem(String component, String configuration, String state, String message) {
}
