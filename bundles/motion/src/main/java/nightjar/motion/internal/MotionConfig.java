package nightjar.motion.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The configuration of one camera's detector, {@code nightjar.motion~<camera id>}. Its defaults are
 * the appliance's and the command line's.
 */
@ObjectClassDefinition(name = "Nightjar motion detection",
        description = "Motion detection for one camera. The configuration's name (config/nightjar.motion-<id>.cfg) "
                + "is the id of the camera it watches. The admin's tuning view is /cameras/<id>/motion.mjpg.")
public @interface MotionConfig {
    @AttributeDefinition(name = "Enabled", description = "Detect after a start. MQTT and the web UI can switch "
            + "detection on and off while running.")
    boolean enabled() default true;

    @AttributeDefinition(name = "Sensitivity", description = "1 (only strong changes) to 100 (the faintest); "
            + "the threshold also rises by itself where the picture is noisy.", min = "1", max = "100")
    int sensitivity() default 50;

    @AttributeDefinition(name = "Smallest area", description = "Smallest moving region that counts, in percent "
            + "of the picture.", min = "0.01", max = "100")
    double minArea() default 0.3;

    @AttributeDefinition(name = "Zones", description = "Polygons in picture coordinates from 0,0 (top left) to "
            + "1,1, separated by ';': 'include 0,0.5 1,0.5 1,1 0,1; exclude 0.8,0 1,0 1,0.2'. Empty: everywhere.")
    String zones() default "";

    @AttributeDefinition(name = "Frames of motion", description = "Analysed frames a moving region must be "
            + "followed for before it counts as motion.", min = "1", max = "50")
    int minFrames() default 2;

    @AttributeDefinition(name = "Event gap", description = "Seconds without motion after which an event ends.",
            min = "0.5", max = "3600")
    double eventGapSeconds() default 5;

    @AttributeDefinition(name = "Analysis rate", description = "Frames analysed per second while nothing "
            + "moves, whatever the camera's rate; after a frame with motion (or a region that may become "
            + "motion), every frame until one without.",
            min = "0.5", max = "60")
    double analysisFps() default 5;

    @AttributeDefinition(name = "Absorb after", description = "Seconds after which something that stopped "
            + "moving (a parked car) becomes part of the background.", min = "1", max = "86400")
    double absorbSeconds() default 30;

    @AttributeDefinition(name = "Light change", description = "Percent of the picture that must change at once "
            + "for a frame to count as a light change (lamp, IR filter, exposure step), which re-learns the "
            + "background instead of raising an event.", min = "10", max = "100")
    int lightChangePercent() default 50;

    String webconsole_configurationFactory_nameHint() default "Motion of camera {service.pid}";
}
