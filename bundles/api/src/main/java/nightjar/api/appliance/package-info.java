/** Where the appliance is reached and where it keeps its state. */
@Export
@Version("1.0.0")
@NullMarked
package nightjar.api.appliance;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
