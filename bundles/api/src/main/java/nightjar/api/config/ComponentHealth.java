package nightjar.api.config;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The Nightjar components that are down because of their configuration, as Declarative Services
 * tells: provided by {@code nightjar.config}, which also brings a failed component back when its
 * configuration is corrected; shown on the web UI's System page.
 */
@ProviderType
public interface ComponentHealth {
    /** What is down now; empty when everything runs. */
    List<ComponentProblem> problems();
}
