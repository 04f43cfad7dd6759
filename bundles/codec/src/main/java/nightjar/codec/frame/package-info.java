/**
 * The decoded forms of camera frames that several consumers need (the luma DC thumbnail of the motion
 * detector and the IR scene meter), computed once per frame and kept with it ({@code Frame.form}).
 */
@Export
@Version("1.0.0")
@NullMarked
package nightjar.codec.frame;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
