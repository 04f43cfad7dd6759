/** Motion detection: the model on the JPEG's DC thumbnail, its events, the tuning view and the command line. */
@NullMarked
package nightjar.motion.internal;

import org.jspecify.annotations.NullMarked;
