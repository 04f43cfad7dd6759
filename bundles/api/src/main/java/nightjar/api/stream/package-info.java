/**
 * Live streaming: how many viewers each camera has (MQTT's state, the web UI), and the pictures derived
 * from a camera that the stream bundle serves.
 */
@Export
@Version("1.2.0")
@NullMarked
package nightjar.api.stream;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
