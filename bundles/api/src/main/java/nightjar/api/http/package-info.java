/** How Nightjar's HTTP endpoints find the servlet context that authenticates them. */
@Export
@Version("1.5.0")
@NullMarked
package nightjar.api.http;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
