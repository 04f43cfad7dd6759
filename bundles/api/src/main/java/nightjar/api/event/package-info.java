/** EventAdmin topics and property keys shared by the Nightjar bundles. */
@Export
@Version("1.1.0")
@NullMarked
package nightjar.api.event;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
