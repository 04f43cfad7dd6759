/** Configuration: which components are down because of their configuration, and why. */
@Export
@Version("1.0.0")
@NullMarked
package nightjar.api.config;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
