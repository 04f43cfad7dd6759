/** HTTP endpoints for live pictures: MJPEG streams, snapshots and the camera list. */
@NullMarked
package nightjar.stream.internal;

import org.jspecify.annotations.NullMarked;
