/** The appliance's user accounts (roles and the cameras each viewer may see), the device credential, and TLS for other servers. */
@Export
@Version("3.0.0")
@NullMarked
package nightjar.api.security;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
