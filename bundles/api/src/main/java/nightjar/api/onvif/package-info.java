/** Where ONVIF is served, for the web UI to tell people. */
@Export
@Version("1.0.0")
@NullMarked
package nightjar.api.onvif;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
