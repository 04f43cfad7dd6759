package nightjar.capture.v4l2.internal;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/** Taking a Motion-JPEG picture out of a device buffer. */
final class MotionJpeg {
    private MotionJpeg() {
    }

    /**
     * The picture's bytes, without the zero padding some cameras leave after the end marker; null
     * when the buffer does not hold a JPEG (no start marker, or nothing after it).
     */
    static byte @Nullable [] copy(ByteBuffer buffer, int used) {
        int length = Math.min(used, buffer.capacity());
        if (length < 4 || buffer.get(0) != (byte) 0xFF || buffer.get(1) != (byte) 0xD8) {
            return null;
        }
        while (length > 2 && buffer.get(length - 1) == 0) {
            length--;
        }
        byte[] jpeg = new byte[length];
        buffer.get(0, jpeg, 0, length);
        return jpeg;
    }
}
