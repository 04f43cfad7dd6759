package nightjar.api.http;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The pages of the web UI that other bundles send a person to, offered by the bundle that serves them;
 * without it there is no page to send a person to. Paths are in the Nightjar context.
 */
@ProviderType
public interface WebUi {
    /** Where a person who opens the appliance's address goes, e.g. {@code /ui/index.html}. */
    String startPage();

    /** Where a person changes a generated password before anything else, e.g. {@code /ui/index.html#password}. */
    String passwordPage();
}
