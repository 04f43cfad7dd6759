/**
 * The C library calls that Nightjar's device drivers share (open, close, ioctl, poll, mmap), bound by
 * JNA's direct mapping, with the constants they use. Not an exported package: bnd copies it into each
 * bundle that uses it.
 */
@NullMarked
package nightjar.posix;

import org.jspecify.annotations.NullMarked;
