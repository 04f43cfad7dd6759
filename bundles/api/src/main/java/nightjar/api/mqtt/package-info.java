/** The MQTT bridge: whether it reaches its broker, for the web console and the web UI. */
@Export
@Version("1.0.0")
@NullMarked
package nightjar.api.mqtt;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
