package nightjar.gpio.internal;

import java.nio.charset.StandardCharsets;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * Linux's GPIO character device, version 2 of its user-space ABI ({@code linux/gpio.h}, kernel 5.10
 * and later): the ioctls and the structures as byte offsets, for {@link nightjar.posix.Posix#ioctl}.
 * The v2 structures were laid out with explicit padding and 64-bit members on 8-byte boundaries, so the
 * offsets are the same on x86-64, aarch64 and armhf.
 */
final class GpioUapi {
    static final int NAME_SIZE = 32;

    static final long GET_CHIPINFO = 0x8044B401L;
    static final long GET_LINEINFO = 0xC100B405L;
    static final long GET_LINE = 0xC250B407L;
    static final long LINE_GET_VALUES = 0xC010B40EL;
    static final long LINE_SET_VALUES = 0xC010B40FL;

    static final long FLAG_USED = 1;
    static final long FLAG_ACTIVE_LOW = 1 << 1;
    static final long FLAG_INPUT = 1 << 2;
    static final long FLAG_OUTPUT = 1 << 3;

    static final int ATTR_OUTPUT_VALUES = 2;

    /** {@code struct gpiochip_info}: name, label, number of lines. */
    static final int CHIPINFO_SIZE = 68;
    static final int CHIPINFO_LABEL = 32;
    static final int CHIPINFO_LINES = 64;

    /** {@code struct gpio_v2_line_info}. */
    static final int LINEINFO_SIZE = 256;
    static final int LINEINFO_CONSUMER = 32;
    static final int LINEINFO_OFFSET = 64;
    static final int LINEINFO_FLAGS = 72;

    /** {@code struct gpio_v2_line_request}, with its {@code gpio_v2_line_config} at 288. */
    static final int REQUEST_SIZE = 592;
    static final int REQUEST_CONSUMER = 256;
    static final int REQUEST_FLAGS = 288;
    static final int REQUEST_NUM_ATTRS = 296;
    static final int REQUEST_ATTR0_ID = 320;
    static final int REQUEST_ATTR0_VALUES = 328;
    static final int REQUEST_ATTR0_MASK = 336;
    static final int REQUEST_NUM_LINES = 560;
    static final int REQUEST_FD = 588;

    /** {@code struct gpio_v2_line_values}: bits, then mask. */
    static final int VALUES_SIZE = 16;

    private GpioUapi() {
    }

    /**
     * A request for one line, its value inactive from the start when it is an output. Polarity is the
     * kernel's ({@code ACTIVE_LOW}): the values read and written are logical, 1 being active.
     */
    static Memory lineRequest(int line, String consumer, boolean output, boolean activeLow) {
        Memory request = zeroed(REQUEST_SIZE);
        request.setInt(0, line);
        putString(request, REQUEST_CONSUMER, consumer);
        long flags = (output ? FLAG_OUTPUT : FLAG_INPUT) | (activeLow ? FLAG_ACTIVE_LOW : 0);
        request.setLong(REQUEST_FLAGS, flags);
        if (output) {
            request.setInt(REQUEST_NUM_ATTRS, 1);
            request.setInt(REQUEST_ATTR0_ID, ATTR_OUTPUT_VALUES);
            request.setLong(REQUEST_ATTR0_VALUES, 0);
            request.setLong(REQUEST_ATTR0_MASK, 1);
        }
        request.setInt(REQUEST_NUM_LINES, 1);
        return request;
    }

    static Memory zeroed(int size) {
        Memory memory = new Memory(size);
        memory.clear();
        return memory;
    }

    /** A NUL-terminated string of at most {@link #NAME_SIZE} bytes, cut to fit. */
    static void putString(Memory memory, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        memory.write(offset, bytes, 0, Math.min(bytes.length, NAME_SIZE - 1));
    }

    static String getString(Pointer memory, int offset) {
        byte[] bytes = memory.getByteArray(offset, NAME_SIZE);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.US_ASCII);
    }
}
