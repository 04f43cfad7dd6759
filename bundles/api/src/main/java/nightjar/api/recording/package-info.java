/** Recording: starting and stopping clips per camera, the storage they live on, and the index of clips. */
@Export
@Version("1.1.0")
@NullMarked
package nightjar.api.recording;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
