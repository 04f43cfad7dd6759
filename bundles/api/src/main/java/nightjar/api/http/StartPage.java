package nightjar.api.http;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The page a person who opens the appliance's address is sent to, offered by the bundle that serves
 * it (the web UI); without one there is no page to send a person to.
 */
@ProviderType
public interface StartPage {
    /** The page's path in the Nightjar context, e.g. {@code /ui/index.html}. */
    String path();
}
