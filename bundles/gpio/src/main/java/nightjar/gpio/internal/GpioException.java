package nightjar.gpio.internal;

/** A pin that cannot be claimed, driven or read, or a provider that cannot start. */
final class GpioException extends Exception {
    private static final long serialVersionUID = 1L;

    GpioException(String message) {
        super(message);
    }

    GpioException(String message, Throwable cause) {
        super(message, cause);
    }
}
