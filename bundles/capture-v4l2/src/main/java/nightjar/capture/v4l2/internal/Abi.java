package nightjar.capture.v4l2.internal;

import com.sun.jna.Native;

/**
 * The C data model of a Linux target, as far as the V4L2 structures depend on it: the size of
 * pointers and of {@code long} (which is also {@code time_t} and {@code size_t} on these targets),
 * and the alignment of 64-bit integers.
 */
record Abi(String name, int pointerSize, int longSize, int int64Alignment) {
    /** x86-64 and 64-bit ARM (aarch64): LP64. */
    static final Abi LP64 = new Abi("LP64 (x86-64, aarch64)", 8, 8, 8);
    /** 32-bit ARM with hardware floating point (armhf, EABI): 64-bit integers are 8-aligned. */
    static final Abi ARM_EABI = new Abi("ILP32 (armhf)", 4, 4, 8);

    /** The ABI of the JVM we run in. */
    static Abi nativeAbi() {
        if (Native.POINTER_SIZE == 8 && Native.LONG_SIZE == 8) {
            return LP64;
        }
        if (Native.POINTER_SIZE == 4 && Native.LONG_SIZE == 4 && System.getProperty("os.arch", "").startsWith("arm")) {
            return ARM_EABI;
        }
        throw new UnsupportedOperationException("V4L2 capture supports x86-64, aarch64 and armhf, not "
                + System.getProperty("os.arch") + " with " + Native.POINTER_SIZE + "-byte pointers");
    }
}
