package nightjar.posix;

import org.jspecify.annotations.Nullable;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The C library calls of the device drivers, bound by JNA's direct mapping (no reflection or boxing per
 * call). {@code unsigned long} and {@code size_t} are 64 bits on LP64 and 32 on armhf, so each such call
 * has a binding per width; {@link #ioctl} and friends pick the right one. Failures throw
 * {@link LastErrorException} with the errno.
 */
public final class Posix {
    public static final int O_RDWR = 2;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_CLOEXEC = 0x80000;
    public static final short POLLIN = 1;

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int ENXIO = 6;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENOTTY = 25;

    private static final int PROT_READ = 1;
    private static final int PROT_WRITE = 2;
    private static final int MAP_SHARED = 1;
    private static final boolean LP64 = Native.LONG_SIZE == 8;

    static {
        Native.register(NativeLibrary.getInstance("c"));
    }

    private Posix() {
    }

    public static native int open(String path, int flags) throws LastErrorException;

    public static native int close(int fd) throws LastErrorException;

    public static native int poll(Pointer fds, int count, int timeoutMillis) throws LastErrorException;

    public static native String strerror(int errno);

    public static int ioctl(int fd, long request, @Nullable Pointer argument) throws LastErrorException {
        return LP64 ? Lp64.ioctl(fd, request, argument) : Ilp32.ioctl(fd, (int) request, argument);
    }

    /** Maps a device buffer for reading and writing, shared with the driver. */
    public static Pointer mmap(int length, int fd, long offset) throws LastErrorException {
        int protection = PROT_READ | PROT_WRITE;
        return LP64 ? Lp64.mmap64(null, length, protection, MAP_SHARED, fd, offset)
                : Ilp32.mmap64(null, length, protection, MAP_SHARED, fd, offset);
    }

    public static void munmap(Pointer address, int length) throws LastErrorException {
        if (LP64) {
            Lp64.munmap(address, length);
        } else {
            Ilp32.munmap(address, length);
        }
    }

    /** 64-bit {@code unsigned long} and {@code size_t}. Registered only when used. */
    private static final class Lp64 {
        static {
            Native.register(NativeLibrary.getInstance("c"));
        }

        static native int ioctl(int fd, long request, @Nullable Pointer argument) throws LastErrorException;

        static native Pointer mmap64(@Nullable Pointer address, long length, int protection, int flags, int fd,
                long offset) throws LastErrorException;

        static native int munmap(Pointer address, long length) throws LastErrorException;
    }

    /** 32-bit {@code unsigned long} and {@code size_t}; {@code mmap64} still takes a 64-bit offset. */
    private static final class Ilp32 {
        static {
            Native.register(NativeLibrary.getInstance("c"));
        }

        static native int ioctl(int fd, int request, @Nullable Pointer argument) throws LastErrorException;

        static native Pointer mmap64(@Nullable Pointer address, int length, int protection, int flags, int fd,
                long offset) throws LastErrorException;

        static native int munmap(Pointer address, int length) throws LastErrorException;
    }
}
