/** Cameras: the per-camera frame hub and the synthetic and remote MJPEG sources. */
@NullMarked
package nightjar.camera.internal;

import org.jspecify.annotations.NullMarked;
