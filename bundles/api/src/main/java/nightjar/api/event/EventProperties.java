package nightjar.api.event;

/** Property keys of the events in {@link Topics}. */
public final class EventProperties {
    /** Camera id (String). */
    public static final String CAMERA = "camera";
    /** Wall-clock time of the event in epoch milliseconds (Long). */
    public static final String TIMESTAMP = "timestamp";
    /** Fraction of the picture that changed, 0 to 1 (Double). */
    public static final String SCORE = "score";
    /** Regions that moved (String, JSON). */
    public static final String REGIONS = "regions";
    /** Duration in milliseconds (Long). */
    public static final String DURATION = "duration";
    /** Recording file path (String). */
    public static final String FILE = "file";
    /** Why a recording started or stopped (String). */
    public static final String REASON = "reason";
    /** A {@code CameraState} name (String). */
    public static final String STATE = "state";
    /** Human-readable explanation (String). */
    public static final String MESSAGE = "message";
    /** Measured frames per second (Double). */
    public static final String FPS = "fps";
    /** Illumination mode: ON, OFF or AUTO (String). */
    public static final String MODE = "mode";
    /** Whether the illumination is on (Boolean). */
    public static final String ON = "on";
    /** Free bytes (Long). */
    public static final String FREE = "free";
    /** Total bytes (Long). */
    public static final String TOTAL = "total";

    private EventProperties() {
    }
}
