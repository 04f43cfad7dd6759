/**
 * Theora I video in Ogg, encoded in pure Java: JPEG frames transcoded without leaving the DCT
 * domain, or planar YCbCr through a forward DCT.
 */
@Export
@Version("1.3.0")
@NullMarked
package nightjar.codec.theora;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
