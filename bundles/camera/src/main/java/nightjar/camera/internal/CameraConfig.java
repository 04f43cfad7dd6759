package nightjar.camera.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** The configuration of one camera, {@code nightjar.camera~<id>}. */
@ObjectClassDefinition(name = "Nightjar camera",
        description = "One camera: where its pictures come from, their size and rate. The configuration's "
                + "name (config/nightjar.camera-<id>.cfg) is the camera id used in URLs and MQTT topics.")
public @interface CameraConfig {
    @AttributeDefinition(name = "Name", description = "The camera's name for people; the id when empty.")
    String name() default "";

    @AttributeDefinition(name = "Source", description = "auto (the first camera found, else a synthetic "
            + "picture), a device (/dev/video0, or better a stable /dev/v4l/by-id/... name), synthetic, or the "
            + "http:// or https:// URL of an MJPEG stream, the rtsp:// or rtsps:// URL of a network camera's "
            + "stream (read by ffmpeg), or libcamera for a Raspberry Pi camera module (through rpicam-vid or "
            + "GStreamer; libcamera:1 for the second). bin/nightjar --list-cameras lists them.")
    String source() default "auto";

    @AttributeDefinition(name = "Width", description = "Picture width in pixels.", min = "16", max = "4096")
    int width() default 640;

    @AttributeDefinition(name = "Height", description = "Picture height in pixels.", min = "16", max = "4096")
    int height() default 480;

    @AttributeDefinition(name = "Frames per second", min = "1", max = "60")
    int fps() default 15;

    @AttributeDefinition(name = "JPEG quality", description = "For pictures made here (synthetic, YUYV "
            + "devices); MJPEG devices keep their own.", min = "1", max = "100")
    int quality() default 80;

    @AttributeDefinition(name = "Device format", description = "What to ask a device for: auto (MJPEG when "
            + "offered, which costs the Pi almost nothing; else YUYV, encoded here), mjpeg or yuyv.",
            options = {@Option(value = "auto", label = "auto"), @Option(value = "mjpeg", label = "MJPEG"),
                @Option(value = "yuyv", label = "YUYV")})
    String format() default "auto";

    @AttributeDefinition(name = "Brightness", description = "Device control; empty leaves the camera's own. "
            + "Values outside the camera's range are brought into it.")
    String brightness() default "";

    @AttributeDefinition(name = "Contrast", description = "Device control; empty leaves the camera's own.")
    String contrast() default "";

    @AttributeDefinition(name = "Saturation", description = "Device control; empty leaves the camera's own.")
    String saturation() default "";

    @AttributeDefinition(name = "Sharpness", description = "Device control; empty leaves the camera's own.")
    String sharpness() default "";

    @AttributeDefinition(name = "Auto exposure", description = "Device control; empty leaves the camera's own.",
            options = {@Option(value = "", label = "camera's own"), @Option(value = "auto", label = "auto"),
                @Option(value = "manual", label = "manual"),
                @Option(value = "shutter-priority", label = "shutter priority"),
                @Option(value = "aperture-priority", label = "aperture priority")})
    String autoExposure() default "";

    @AttributeDefinition(name = "Exposure", description = "Exposure time in units of 100 microseconds "
            + "(switches auto exposure to manual); empty leaves the camera's own.")
    String exposure() default "";

    @AttributeDefinition(name = "White balance", description = "auto, or a colour temperature in kelvin; "
            + "empty leaves the camera's own.")
    String whiteBalance() default "";

    @AttributeDefinition(name = "Power line frequency", description = "Against flicker under mains light; "
            + "empty leaves the camera's own.",
            options = {@Option(value = "", label = "camera's own"), @Option(value = "disabled", label = "disabled"),
                @Option(value = "50", label = "50 Hz"), @Option(value = "60", label = "60 Hz"),
                @Option(value = "auto", label = "auto")})
    String powerLineFrequency() default "";

    @AttributeDefinition(name = "User name", description = "For a remote stream that asks for one.")
    String username() default "";

    @AttributeDefinition(name = "Password", description = "For a remote stream that asks for one.",
            type = AttributeType.PASSWORD)
    String password() default "";

    @AttributeDefinition(name = "Trusted certificate fingerprint", description = "SHA-256 fingerprint (hex) of "
            + "a remote stream's (https:// or rtsps://) self-signed certificate to trust, e.g. another Nightjar's.")
    String trustFingerprint() default "";

    String webconsole_configurationFactory_nameHint() default "Camera {name} ({source})";
}
