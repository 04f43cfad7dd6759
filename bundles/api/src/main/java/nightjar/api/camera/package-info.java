/** Cameras and the frames they deliver: what every consumer of pictures builds on. */
@Export
@Version("1.1.0")
@NullMarked
package nightjar.api.camera;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
