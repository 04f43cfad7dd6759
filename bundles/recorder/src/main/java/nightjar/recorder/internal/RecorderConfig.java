package nightjar.recorder.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The recorder's configuration, {@code nightjar.recorder}: one for every camera. */
@ObjectClassDefinition(name = "Nightjar recorder",
        description = "Records motion (with the seconds before it), manual and continuous clips to Ogg/Theora files "
                + "under <directory>/<camera>/<YYYY-MM-DD>/, and deletes the oldest clips to keep within the limits.")
public @interface RecorderConfig {
    @AttributeDefinition(name = "Directory", description = "Where recordings go: any mounted path (a USB disk, an "
            + "NFS share). A relative path is taken from Nightjar's home directory.")
    String directory() default "recordings";

    @AttributeDefinition(name = "Record motion", description = "Record a clip for every motion event of a camera "
            + "that has a motion detector.")
    boolean recordMotion() default true;

    @AttributeDefinition(name = "Pre-roll", description = "Seconds before the motion started that a clip begins with.",
            min = "0", max = "30")
    double preRollSeconds() default 5;

    @AttributeDefinition(name = "Pre-roll memory", description = "The most memory the pre-roll of one camera may hold, "
            + "in MB; a large picture gets a shorter pre-roll rather than exhausting a small Pi.", min = "1", max = "256")
    int preRollMaxMB() default 8;

    @AttributeDefinition(name = "Post-roll", description = "Seconds a motion clip goes on after the motion ended; "
            + "new motion in that time extends the same clip.", min = "0", max = "600")
    double postRollSeconds() default 10;

    @AttributeDefinition(name = "Longest clip", description = "Seconds after which a clip is closed and the recording "
            + "goes on in a new one.", min = "10", max = "86400")
    int maxClipSeconds() default 600;

    @AttributeDefinition(name = "Continuous cameras", description = "Ids of the cameras recorded all the time, in "
            + "segments (comma-separated).")
    String[] continuousCameras() default {};

    @AttributeDefinition(name = "Segment length", description = "Minutes per file of continuous recording.",
            min = "1", max = "1440")
    int segmentMinutes() default 10;

    @AttributeDefinition(name = "Frame rate", description = "Frames per second of the clips; 0 takes the camera's rate "
            + "(at most 30).", min = "0", max = "60")
    int fps() default 0;

    @AttributeDefinition(name = "Quality", description = "Theora quality, 1 to 100 (70: indistinguishable from the "
            + "camera's JPEG on most scenes).", min = "1", max = "100")
    int quality() default 70;

    @AttributeDefinition(name = "Maximum age", description = "Days after which a clip is deleted; 0 keeps clips "
            + "forever.", min = "0", max = "3650")
    double maxAgeDays() default 30;

    @AttributeDefinition(name = "Maximum total size", description = "MB all recordings may take; the oldest go first. "
            + "0: no limit.", min = "0", max = "100000000")
    double maxTotalMB() default 0;

    @AttributeDefinition(name = "Free space floor", description = "MB to keep free on the file system: below it the "
            + "oldest clips go, and when none is left recording pauses until space is back. 0: automatic, 5 % of the "
            + "file system, at least 64 MB and at most 500 MB.", min = "0", max = "1000000")
    double minFreeMB() default 0;
}
