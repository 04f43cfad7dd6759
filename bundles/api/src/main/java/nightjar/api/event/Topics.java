package nightjar.api.event;

/** The EventAdmin topics Nightjar bundles post and listen to. */
public final class Topics {
    /** Motion began: {@link EventProperties#CAMERA}, {@link EventProperties#TIMESTAMP}, {@link EventProperties#SCORE}, {@link EventProperties#REGIONS}. */
    public static final String MOTION_STARTED = "nightjar/motion/STARTED";
    /** Motion ended: {@link EventProperties#CAMERA}, {@link EventProperties#TIMESTAMP}, {@link EventProperties#DURATION}. */
    public static final String MOTION_ENDED = "nightjar/motion/ENDED";
    /** A recording began: {@link EventProperties#CAMERA}, {@link EventProperties#FILE}, {@link EventProperties#REASON}. */
    public static final String RECORDING_STARTED = "nightjar/recording/STARTED";
    /** A recording ended: {@link EventProperties#CAMERA}, {@link EventProperties#FILE}, {@link EventProperties#REASON}. */
    public static final String RECORDING_STOPPED = "nightjar/recording/STOPPED";
    /** A camera changed state: {@link EventProperties#CAMERA}, {@link EventProperties#STATE}, {@link EventProperties#MESSAGE}, {@link EventProperties#FPS}. */
    public static final String CAMERA_STATE = "nightjar/camera/STATE";
    /**
     * A camera's configuration was deleted: the camera is gone for good, not only its service for a moment
     * (a bundle update): {@link EventProperties#CAMERA}. Posted after its service is unregistered.
     */
    public static final String CAMERA_REMOVED = "nightjar/camera/REMOVED";
    /** The IR illumination changed: {@link EventProperties#MODE}, {@link EventProperties#ON}. */
    public static final String ILLUMINATION_CHANGED = "nightjar/illumination/CHANGED";
    /** Recording storage runs low: {@link EventProperties#FREE}, {@link EventProperties#TOTAL}. */
    public static final String STORAGE_LOW = "nightjar/storage/LOW";

    private Topics() {
    }
}
