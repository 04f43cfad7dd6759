/**
 * Capture from local devices: the service a capture bundle (V4L2) offers to the camera bundle, which
 * owns cameras, their configuration and their frame hubs.
 */
@Export
@Version("1.0.0")
@NullMarked
package nightjar.api.capture;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
