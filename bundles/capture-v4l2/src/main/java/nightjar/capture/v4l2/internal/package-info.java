@NullMarked
package nightjar.capture.v4l2.internal;

import org.jspecify.annotations.NullMarked;
