package nightjar.rtsp.internal;

/** A request that gets an error status; {@link #closes} when the connection cannot go on after it. */
final class RtspException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final boolean closes;

    RtspException(int status, String message, boolean closes) {
        super(message);
        this.status = status;
        this.closes = closes;
    }

    int status() {
        return status;
    }

    boolean closes() {
        return closes;
    }
}
