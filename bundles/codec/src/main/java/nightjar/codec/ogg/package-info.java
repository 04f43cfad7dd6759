/** Ogg framing (RFC 3533): packets into pages with checksums, for a single logical stream. */
@Export
@Version("1.1.0")
@NullMarked
package nightjar.codec.ogg;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
