package nightjar.stream.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The MJPEG streams' limits, {@code nightjar.stream}. */
@ObjectClassDefinition(name = "Nightjar streams",
        description = "Limits of the MJPEG streams (/cameras/{id}/stream.mjpg, /?action=stream, the motion "
                + "tuning view /cameras/{id}/motion.mjpg), so that no client "
                + "can hold the appliance's connections. Changes apply to streams opened afterwards.")
public @interface StreamConfig {
    @AttributeDefinition(name = "Streams per account", description = "MJPEG streams one account may have open at "
            + "once; the next is refused with 429.", min = "1", max = "1000")
    int maxStreamsPerAccount() default 20;

    @AttributeDefinition(name = "Streams per address", description = "MJPEG streams one client address may have "
            + "open at once; the next is refused with 429.", min = "1", max = "1000")
    int maxStreamsPerAddress() default 20;

    @AttributeDefinition(name = "Idle timeout (s)", description = "A stream that has sent its viewer no picture for "
            + "this long (a camera that stopped, a viewer that stopped reading) is closed; the viewer may reconnect.",
            min = "30", max = "3600")
    int idleTimeoutSeconds() default 60;
}
