/** Bit-level I/O and transforms shared by the codecs. */
@NullMarked
package nightjar.codec.internal;

import org.jspecify.annotations.NullMarked;
