/** IR illumination: its mode and whether it is on. Changes are posted on {@code nightjar/illumination/CHANGED}. */
@Export
@Version("1.0.0")
@NullMarked
package nightjar.api.illumination;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
