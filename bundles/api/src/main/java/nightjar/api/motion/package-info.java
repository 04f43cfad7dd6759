/** Motion detection: switching it per camera and asking what it sees. Its events are in {@code nightjar.api.event}. */
@Export
@Version("1.1.0")
@NullMarked
package nightjar.api.motion;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
