package nightjar.capture.v4l2.internal;

/**
 * The V4L2 structures Nightjar uses, laid out for one {@link Abi} as {@code linux/videodev2.h}
 * declares them, and the ioctl request numbers, which encode the structures' sizes.
 */
final class V4l2Structs {
    final Abi abi;
    final Layout capability;
    final Layout fmtdesc;
    final Layout frmsizeenum;
    final Layout frmivalenum;
    final Layout format;
    final Layout streamparm;
    final Layout requestbuffers;
    final Layout buffer;
    final Layout queryctrl;
    final Layout querymenu;
    final Layout control;

    final long querycap;
    final long enumFmt;
    final long getFormat;
    final long setFormat;
    final long requestBuffers;
    final long queryBuffer;
    final long queueBuffer;
    final long dequeueBuffer;
    final long streamOn;
    final long streamOff;
    final long getParm;
    final long setParm;
    final long getControl;
    final long setControl;
    final long queryControl;
    final long queryMenu;
    final long enumFrameSizes;
    final long enumFrameIntervals;

    private static final int IOC_WRITE = 1;
    private static final int IOC_READ = 2;

    V4l2Structs(Abi abi) {
        this.abi = abi;
        capability = Layout.struct("v4l2_capability", abi)
                .u8("driver", 16).u8("card", 32).u8("bus_info", 32)
                .u32("version").u32("capabilities").u32("device_caps").u32("reserved", 3).build();
        fmtdesc = Layout.struct("v4l2_fmtdesc", abi)
                .u32("index").u32("type").u32("flags").u8("description", 32).u32("pixelformat")
                .u32("mbus_code").u32("reserved", 3).build();
        Layout discreteSize = Layout.struct("v4l2_frmsize_discrete", abi).u32("width").u32("height").build();
        Layout stepwiseSize = Layout.struct("v4l2_frmsize_stepwise", abi)
                .u32("min_width").u32("max_width").u32("step_width")
                .u32("min_height").u32("max_height").u32("step_height").build();
        frmsizeenum = Layout.struct("v4l2_frmsizeenum", abi)
                .u32("index").u32("pixel_format").u32("type")
                .anonymous(Layout.union("size", abi).nested("discrete", discreteSize)
                        .nested("stepwise", stepwiseSize).build())
                .u32("reserved", 2).build();
        Layout fract = Layout.struct("v4l2_fract", abi).u32("numerator").u32("denominator").build();
        Layout stepwiseInterval = Layout.struct("v4l2_frmival_stepwise", abi)
                .nested("min", fract).nested("max", fract).nested("step", fract).build();
        frmivalenum = Layout.struct("v4l2_frmivalenum", abi)
                .u32("index").u32("pixel_format").u32("width").u32("height").u32("type")
                .anonymous(Layout.union("interval", abi).nested("discrete", fract)
                        .nested("stepwise", stepwiseInterval).build())
                .u32("reserved", 2).build();
        Layout pix = Layout.struct("v4l2_pix_format", abi)
                .u32("width").u32("height").u32("pixelformat").u32("field").u32("bytesperline")
                .u32("sizeimage").u32("colorspace").u32("priv").u32("flags").u32("ycbcr_enc")
                .u32("quantization").u32("xfer_func").build();
        Layout rect = Layout.struct("v4l2_rect", abi).u32("left").u32("top").u32("width").u32("height").build();
        // Only pix is used; the overlay window is declared because its pointers align the union.
        Layout window = Layout.struct("v4l2_window", abi)
                .nested("w", rect).u32("field").u32("chromakey").pointer("clips").u32("clipcount")
                .pointer("bitmap").u8("global_alpha", 1).build();
        format = Layout.struct("v4l2_format", abi)
                .u32("type")
                .nested("fmt", Layout.union("fmt", abi).nested("pix", pix).nested("win", window)
                        .u8("raw_data", 200).build())
                .build();
        Layout captureparm = Layout.struct("v4l2_captureparm", abi)
                .u32("capability").u32("capturemode").nested("timeperframe", fract)
                .u32("extendedmode").u32("readbuffers").u32("reserved", 4).build();
        streamparm = Layout.struct("v4l2_streamparm", abi)
                .u32("type")
                .nested("parm", Layout.union("parm", abi).nested("capture", captureparm).u8("raw_data", 200)
                        .build())
                .build();
        requestbuffers = Layout.struct("v4l2_requestbuffers", abi)
                .u32("count").u32("type").u32("memory").u32("capabilities").u8("flags", 1).u8("reserved", 3)
                .build();
        Layout timecode = Layout.struct("v4l2_timecode", abi)
                .u32("type").u32("flags").u8("frames", 1).u8("seconds", 1).u8("minutes", 1).u8("hours", 1)
                .u8("userbits", 4).build();
        buffer = Layout.struct("v4l2_buffer", abi)
                .u32("index").u32("type").u32("bytesused").u32("flags").u32("field")
                .timeval("timestamp").nested("timecode", timecode).u32("sequence").u32("memory")
                .nested("m", Layout.union("m", abi).u32("offset").cLong("userptr").pointer("planes").u32("fd")
                        .build())
                .u32("length").u32("reserved2")
                .anonymous(Layout.union("request", abi).u32("request_fd").u32("reserved").build())
                .build();
        queryctrl = Layout.struct("v4l2_queryctrl", abi)
                .u32("id").u32("type").u8("name", 32).u32("minimum").u32("maximum").u32("step")
                .u32("default_value").u32("flags").u32("reserved", 2).build();
        querymenu = Layout.struct("v4l2_querymenu", abi).packed()
                .u32("id").u32("index")
                .anonymous(Layout.union("item", abi).u8("name", 32).u64("value").build())
                .u32("reserved").build();
        control = Layout.struct("v4l2_control", abi).u32("id").u32("value").build();

        querycap = ioc(IOC_READ, 0, capability);
        enumFmt = ioc(IOC_READ | IOC_WRITE, 2, fmtdesc);
        getFormat = ioc(IOC_READ | IOC_WRITE, 4, format);
        setFormat = ioc(IOC_READ | IOC_WRITE, 5, format);
        requestBuffers = ioc(IOC_READ | IOC_WRITE, 8, requestbuffers);
        queryBuffer = ioc(IOC_READ | IOC_WRITE, 9, buffer);
        queueBuffer = ioc(IOC_READ | IOC_WRITE, 15, buffer);
        dequeueBuffer = ioc(IOC_READ | IOC_WRITE, 17, buffer);
        streamOn = ioc(IOC_WRITE, 18, 4);
        streamOff = ioc(IOC_WRITE, 19, 4);
        getParm = ioc(IOC_READ | IOC_WRITE, 21, streamparm);
        setParm = ioc(IOC_READ | IOC_WRITE, 22, streamparm);
        getControl = ioc(IOC_READ | IOC_WRITE, 27, control);
        setControl = ioc(IOC_READ | IOC_WRITE, 28, control);
        queryControl = ioc(IOC_READ | IOC_WRITE, 36, queryctrl);
        queryMenu = ioc(IOC_READ | IOC_WRITE, 37, querymenu);
        enumFrameSizes = ioc(IOC_READ | IOC_WRITE, 74, frmsizeenum);
        enumFrameIntervals = ioc(IOC_READ | IOC_WRITE, 75, frmivalenum);
    }

    /** {@code _IOC(direction, 'V', number, size)} as the generic Linux ioctl encoding (x86, ARM) has it. */
    private static long ioc(int direction, int number, Layout argument) {
        return ioc(direction, number, argument.size());
    }

    private static long ioc(int direction, int number, int size) {
        return ((long) direction << 30 | (long) size << 16 | (long) 'V' << 8 | number) & 0xFFFF_FFFFL;
    }
}
