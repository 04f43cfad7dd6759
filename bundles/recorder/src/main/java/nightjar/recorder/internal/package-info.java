/** Recording: pre-roll, clips per camera on a worker, the files they make, retention, the index and its servlet. */
@NullMarked
package nightjar.recorder.internal;

import org.jspecify.annotations.NullMarked;
