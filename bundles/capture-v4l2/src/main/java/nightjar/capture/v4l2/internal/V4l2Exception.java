package nightjar.capture.v4l2.internal;

import java.io.IOException;

import nightjar.posix.Posix;

/** A failed call on a video device, with the errno that says why. */
final class V4l2Exception extends IOException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    V4l2Exception(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    int errno() {
        return errno;
    }

    /** The device went away: unplugged, or its driver unloaded. */
    boolean deviceGone() {
        return errno == Posix.ENODEV || errno == Posix.ENXIO || errno == Posix.EIO;
    }
}
