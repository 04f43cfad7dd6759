/**
 * Baseline JPEG: reading (DC-only luma thumbnails, quantized coefficients, full decode to planar
 * YCbCr) and writing from planar YCbCr or from quantized coefficients. Pure Java, no state between calls.
 */
@Export
@Version("1.3.0")
@NullMarked
package nightjar.codec.jpeg;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
