package nightjar.capture.v4l2.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import nightjar.posix.Posix;

/**
 * A V4L2 device through the C library: ioctls on structures laid out by {@link V4l2Structs} in
 * native memory allocated once per device, so capturing a frame allocates nothing.
 */
final class NativeVideoDevice implements VideoDevice {
    private static final int BUF_TYPE_VIDEO_CAPTURE = 1;
    private static final int MEMORY_MMAP = 1;
    private static final int FRMSIZE_TYPE_DISCRETE = 1;
    private static final int FRMIVAL_TYPE_DISCRETE = 1;
    private static final int CAP_TIMEPERFRAME = 0x1000;
    private static final int CTRL_FLAG_NEXT_CTRL = 0x8000_0000;
    private static final Size[] COMMON_SIZES = {new Size(320, 240), new Size(640, 480), new Size(800, 600),
        new Size(1024, 768), new Size(1280, 720), new Size(1280, 960), new Size(1920, 1080)};

    private static final V4l2Structs STRUCTS = new V4l2Structs(Abi.nativeAbi());

    private final String path;
    private final int fd;
    /** Large enough for any of the structures; each call clears what it uses. */
    private final Memory scratch = new Memory(256);
    /** The v4l2_buffer of dequeue and queue, kept apart so a frame's facts survive other calls. */
    private final Memory bufferStruct = new Memory(STRUCTS.buffer.size());
    private final Memory pollFd = new Memory(8);
    private Pointer[] mapped = new Pointer[0];
    private int[] mappedLengths = new int[0];
    private ByteBuffer[] views = new ByteBuffer[0];
    private boolean streaming;
    private int bytesUsed;

    private NativeVideoDevice(String path, int fd) {
        this.path = path;
        this.fd = fd;
        pollFd.setInt(0, fd);
        pollFd.setShort(4, Posix.POLLIN);
    }

    /** Opens a device node for capture (non-blocking: waits happen in {@link #dequeue} by poll). */
    static NativeVideoDevice open(String path) throws V4l2Exception {
        try {
            return new NativeVideoDevice(path, Posix.open(path, Posix.O_RDWR | Posix.O_NONBLOCK | Posix.O_CLOEXEC));
        } catch (LastErrorException e) {
            throw failure("open", path, e);
        }
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public DeviceInfo info() throws V4l2Exception {
        Layout cap = STRUCTS.capability;
        ioctl("VIDIOC_QUERYCAP", STRUCTS.querycap, cleared(cap));
        int capabilities = scratch.getInt(cap.offset("capabilities"));
        if ((capabilities & CAP_DEVICE_CAPS) != 0) {
            // The node's own capabilities, not the whole device's (which include its metadata node's).
            capabilities = scratch.getInt(cap.offset("device_caps"));
        }
        return new DeviceInfo(text(cap.offset("driver"), 16), text(cap.offset("card"), 32),
                text(cap.offset("bus_info"), 32), capabilities);
    }

    @Override
    public List<PixelFormat> formats() throws V4l2Exception {
        Layout desc = STRUCTS.fmtdesc;
        List<PixelFormat> formats = new ArrayList<>();
        for (int index = 0;; index++) {
            cleared(desc);
            scratch.setInt(desc.offset("index"), index);
            scratch.setInt(desc.offset("type"), BUF_TYPE_VIDEO_CAPTURE);
            if (!ioctlUntilEnd("VIDIOC_ENUM_FMT", STRUCTS.enumFmt)) {
                return formats;
            }
            formats.add(new PixelFormat(scratch.getInt(desc.offset("pixelformat")),
                    text(desc.offset("description"), 32)));
        }
    }

    @Override
    public List<Size> frameSizes(int pixelFormat) throws V4l2Exception {
        Layout sizes = STRUCTS.frmsizeenum;
        List<Size> result = new ArrayList<>();
        for (int index = 0;; index++) {
            cleared(sizes);
            scratch.setInt(sizes.offset("index"), index);
            scratch.setInt(sizes.offset("pixel_format"), pixelFormat);
            if (!ioctlUntilEnd("VIDIOC_ENUM_FRAMESIZES", STRUCTS.enumFrameSizes)) {
                return result;
            }
            if (scratch.getInt(sizes.offset("type")) == FRMSIZE_TYPE_DISCRETE) {
                result.add(new Size(scratch.getInt(sizes.offset("discrete.width")),
                        scratch.getInt(sizes.offset("discrete.height"))));
            } else {
                int minWidth = scratch.getInt(sizes.offset("stepwise.min_width"));
                int maxWidth = scratch.getInt(sizes.offset("stepwise.max_width"));
                int minHeight = scratch.getInt(sizes.offset("stepwise.min_height"));
                int maxHeight = scratch.getInt(sizes.offset("stepwise.max_height"));
                result.add(new Size(minWidth, minHeight));
                for (Size common : COMMON_SIZES) {
                    if (common.width() > minWidth && common.width() < maxWidth && common.height() > minHeight
                            && common.height() < maxHeight) {
                        result.add(common);
                    }
                }
                result.add(new Size(maxWidth, maxHeight));
                return result;
            }
        }
    }

    @Override
    public List<Fraction> frameIntervals(int pixelFormat, int width, int height) throws V4l2Exception {
        Layout intervals = STRUCTS.frmivalenum;
        List<Fraction> result = new ArrayList<>();
        for (int index = 0;; index++) {
            cleared(intervals);
            scratch.setInt(intervals.offset("index"), index);
            scratch.setInt(intervals.offset("pixel_format"), pixelFormat);
            scratch.setInt(intervals.offset("width"), width);
            scratch.setInt(intervals.offset("height"), height);
            if (!ioctlUntilEnd("VIDIOC_ENUM_FRAMEINTERVALS", STRUCTS.enumFrameIntervals)) {
                return result;
            }
            if (scratch.getInt(intervals.offset("type")) == FRMIVAL_TYPE_DISCRETE) {
                result.add(fraction(intervals.offset("discrete.numerator")));
            } else {
                result.add(fraction(intervals.offset("stepwise.min.numerator")));
                result.add(fraction(intervals.offset("stepwise.max.numerator")));
                return result;
            }
        }
    }

    @Override
    public Negotiated setFormat(int pixelFormat, int width, int height) throws V4l2Exception {
        Layout format = STRUCTS.format;
        cleared(format);
        scratch.setInt(format.offset("type"), BUF_TYPE_VIDEO_CAPTURE);
        scratch.setInt(format.offset("fmt.pix.width"), width);
        scratch.setInt(format.offset("fmt.pix.height"), height);
        scratch.setInt(format.offset("fmt.pix.pixelformat"), pixelFormat);
        scratch.setInt(format.offset("fmt.pix.field"), 1); // V4L2_FIELD_NONE: progressive
        ioctl("VIDIOC_S_FMT", STRUCTS.setFormat, scratch);
        return new Negotiated(scratch.getInt(format.offset("fmt.pix.pixelformat")),
                scratch.getInt(format.offset("fmt.pix.width")), scratch.getInt(format.offset("fmt.pix.height")),
                scratch.getInt(format.offset("fmt.pix.bytesperline")),
                scratch.getInt(format.offset("fmt.pix.sizeimage")));
    }

    @Override
    public @Nullable Fraction setFrameInterval(Fraction interval) throws V4l2Exception {
        Layout parm = STRUCTS.streamparm;
        cleared(parm);
        scratch.setInt(parm.offset("type"), BUF_TYPE_VIDEO_CAPTURE);
        ioctl("VIDIOC_G_PARM", STRUCTS.getParm, scratch);
        if ((scratch.getInt(parm.offset("parm.capture.capability")) & CAP_TIMEPERFRAME) == 0) {
            return null;
        }
        scratch.setInt(parm.offset("parm.capture.timeperframe.numerator"), interval.numerator());
        scratch.setInt(parm.offset("parm.capture.timeperframe.denominator"), interval.denominator());
        ioctl("VIDIOC_S_PARM", STRUCTS.setParm, scratch);
        return fraction(parm.offset("parm.capture.timeperframe.numerator"));
    }

    @Override
    public @Nullable ControlInfo queryControl(int id) throws V4l2Exception {
        Layout query = STRUCTS.queryctrl;
        cleared(query);
        scratch.setInt(query.offset("id"), id);
        if (!ioctlUntilEnd("VIDIOC_QUERYCTRL", STRUCTS.queryControl)) {
            return null;
        }
        ControlInfo info = new ControlInfo(scratch.getInt(query.offset("id")), text(query.offset("name"), 32),
                scratch.getInt(query.offset("type")), scratch.getInt(query.offset("minimum")),
                scratch.getInt(query.offset("maximum")), scratch.getInt(query.offset("step")),
                scratch.getInt(query.offset("default_value")), scratch.getInt(query.offset("flags")));
        return (info.flags() & ControlInfo.FLAG_DISABLED) != 0 ? null : info;
    }

    /** Every control the device has, for listings. */
    List<ControlInfo> controls() throws V4l2Exception {
        List<ControlInfo> result = new ArrayList<>();
        int id = 0;
        while (true) {
            ControlInfo info = queryControl(id | CTRL_FLAG_NEXT_CTRL);
            if (info == null || info.id() == id) {
                return result;
            }
            id = info.id();
            if (info.type() != 6) { // V4L2_CTRL_TYPE_CTRL_CLASS is a heading, not a control
                result.add(info);
            }
        }
    }

    /** The name of one entry of a menu control, or null when the index is not in the menu. */
    @Nullable
    String menuItem(int id, int index) throws V4l2Exception {
        Layout menu = STRUCTS.querymenu;
        cleared(menu);
        scratch.setInt(menu.offset("id"), id);
        scratch.setInt(menu.offset("index"), index);
        return ioctlUntilEnd("VIDIOC_QUERYMENU", STRUCTS.queryMenu) ? text(menu.offset("name"), 32) : null;
    }

    @Override
    public void setControl(int id, int value) throws V4l2Exception {
        Layout control = STRUCTS.control;
        cleared(control);
        scratch.setInt(control.offset("id"), id);
        scratch.setInt(control.offset("value"), value);
        ioctl("VIDIOC_S_CTRL", STRUCTS.setControl, scratch);
    }

    @Override
    public void startStreaming(int count) throws V4l2Exception {
        Layout request = STRUCTS.requestbuffers;
        cleared(request);
        scratch.setInt(request.offset("count"), count);
        scratch.setInt(request.offset("type"), BUF_TYPE_VIDEO_CAPTURE);
        scratch.setInt(request.offset("memory"), MEMORY_MMAP);
        ioctl("VIDIOC_REQBUFS", STRUCTS.requestBuffers, scratch);
        int granted = scratch.getInt(request.offset("count"));
        if (granted < 2) {
            throw new V4l2Exception(path + ": the driver gave " + granted + " buffers, at least 2 are needed",
                    Posix.ENOMEM);
        }
        mapped = new Pointer[granted];
        mappedLengths = new int[granted];
        views = new ByteBuffer[granted];
        Layout buffer = STRUCTS.buffer;
        for (int index = 0; index < granted; index++) {
            describeBuffer(index);
            ioctl("VIDIOC_QUERYBUF", STRUCTS.queryBuffer, bufferStruct);
            int length = bufferStruct.getInt(buffer.offset("length"));
            long offset = bufferStruct.getInt(buffer.offset("m.offset")) & 0xFFFF_FFFFL;
            try {
                mapped[index] = Posix.mmap(length, fd, offset);
            } catch (LastErrorException e) {
                throw failure("mmap", path, e);
            }
            mappedLengths[index] = length;
            views[index] = mapped[index].getByteBuffer(0, length).asReadOnlyBuffer();
            queue(index);
        }
        scratch.setInt(0, BUF_TYPE_VIDEO_CAPTURE);
        ioctl("VIDIOC_STREAMON", STRUCTS.streamOn, scratch);
        streaming = true;
    }

    @Override
    public int dequeue(int timeoutMillis) throws V4l2Exception {
        int ready;
        try {
            ready = Posix.poll(pollFd, 1, timeoutMillis);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Posix.EINTR) {
                return -1;
            }
            throw failure("poll", path, e);
        }
        if (ready == 0) {
            return -1;
        }
        describeBuffer(0);
        try {
            Posix.ioctl(fd, STRUCTS.dequeueBuffer, bufferStruct);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Posix.EAGAIN) {
                return -1;
            }
            throw failure("VIDIOC_DQBUF", path, e);
        }
        bytesUsed = bufferStruct.getInt(STRUCTS.buffer.offset("bytesused"));
        return bufferStruct.getInt(STRUCTS.buffer.offset("index"));
    }

    @Override
    public int bytesUsed() {
        return bytesUsed;
    }

    @Override
    public ByteBuffer buffer(int index) {
        return views[index];
    }

    @Override
    public void queue(int index) throws V4l2Exception {
        describeBuffer(index);
        ioctl("VIDIOC_QBUF", STRUCTS.queueBuffer, bufferStruct);
    }

    @Override
    public void close() {
        if (streaming) {
            scratch.setInt(0, BUF_TYPE_VIDEO_CAPTURE);
            try {
                Posix.ioctl(fd, STRUCTS.streamOff, scratch);
            } catch (LastErrorException e) {
                // Gone or already stopped: the buffers are released with the descriptor all the same.
            }
            streaming = false;
        }
        for (int i = 0; i < mapped.length; i++) {
            if (mapped[i] != null) {
                try {
                    Posix.munmap(mapped[i], mappedLengths[i]);
                } catch (LastErrorException e) {
                    // Nothing more can be done about a mapping that will not go.
                }
            }
        }
        mapped = new Pointer[0];
        views = new ByteBuffer[0];
        try {
            Posix.close(fd);
        } catch (LastErrorException e) {
            // The descriptor is released even when close reports an error.
        }
    }

    private void describeBuffer(int index) {
        Layout buffer = STRUCTS.buffer;
        bufferStruct.clear();
        bufferStruct.setInt(buffer.offset("index"), index);
        bufferStruct.setInt(buffer.offset("type"), BUF_TYPE_VIDEO_CAPTURE);
        bufferStruct.setInt(buffer.offset("memory"), MEMORY_MMAP);
    }

    private Memory cleared(Layout layout) {
        scratch.clear(layout.size());
        return scratch;
    }

    private Fraction fraction(int offset) {
        return new Fraction(scratch.getInt(offset), scratch.getInt(offset + 4));
    }

    private String text(int offset, int length) {
        byte[] bytes = scratch.getByteArray(offset, length);
        int end = 0;
        while (end < length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8).trim();
    }

    private void ioctl(String name, long request, Pointer argument) throws V4l2Exception {
        try {
            Posix.ioctl(fd, request, argument);
        } catch (LastErrorException e) {
            throw failure(name, path, e);
        }
    }

    /** An enumeration ioctl on {@link #scratch}: false when EINVAL says the list has ended. */
    private boolean ioctlUntilEnd(String name, long request) throws V4l2Exception {
        try {
            Posix.ioctl(fd, request, scratch);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Posix.EINVAL || e.getErrorCode() == Posix.ENOTTY) {
                return false;
            }
            throw failure(name, path, e);
        }
    }

    private static V4l2Exception failure(String operation, String path, LastErrorException e) {
        int errno = e.getErrorCode();
        return new V4l2Exception(path + ": " + operation + " failed: " + Posix.strerror(errno) + " (errno " + errno
                + ")", errno);
    }
}
