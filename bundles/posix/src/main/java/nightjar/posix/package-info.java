/**
 * The C library calls that Nightjar's device drivers share (open, close, ioctl, poll, mmap), bound once
 * by JNA's direct mapping, with the constants they use.
 */
@Export
@Version("1.0.0")
@NullMarked
package nightjar.posix;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
