package nightjar.codec.jpeg;

import java.io.IOException;

/** A JPEG that is corrupt or truncated; the message says what and {@link #offset()} says where. */
public class JpegException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int offset;

    public JpegException(String message, int offset) {
        super(message + " (at byte " + offset + ")");
        this.offset = offset;
    }

    /** Byte offset in the input where the problem was found. */
    public int offset() {
        return offset;
    }
}
