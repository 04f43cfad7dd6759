package nightjar.api.camera;

import java.util.regex.Pattern;

/**
 * The one definition of a camera id: the name of a camera's factory configuration
 * ({@code nightjar.camera~front}, from {@code config/nightjar.camera-front.cfg}), used in URLs, MQTT
 * topics, file names and the per-camera configurations of other bundles ({@code nightjar.motion~front}).
 */
public final class CameraIds {
    /**
     * The grammar, as a regular expression to embed in others: 1 to 32 letters, digits, '-' or '_',
     * starting with a letter or digit.
     */
    public static final String GRAMMAR = "[A-Za-z0-9][A-Za-z0-9_-]{0,31}";
    /** What a person is told an id may be. */
    public static final String DESCRIPTION = "1 to 32 letters, digits, '-' or '_', starting with a letter or digit";

    private static final Pattern ID = Pattern.compile(GRAMMAR);

    private CameraIds() {
    }

    /** Whether the text is a camera id. */
    public static boolean isValid(String id) {
        return ID.matcher(id).matches();
    }

    /**
     * The camera id of a per-camera factory configuration: its name. {@code nightjar.motion~front}
     * (ConfigAdmin 1.6's named factory configurations, as FileInstall makes them) and
     * {@code nightjar.motion.front} give {@code front}.
     *
     * @param factoryPid the factory PID, e.g. {@code nightjar.motion}
     * @param pid the configuration's {@code service.pid}
     * @throws IllegalArgumentException when the name is not a camera id
     */
    public static String fromConfiguration(String factoryPid, String pid) {
        int tilde = pid.indexOf('~');
        String name = tilde >= 0 ? pid.substring(tilde + 1)
                : pid.startsWith(factoryPid + ".") ? pid.substring(factoryPid.length() + 1) : pid;
        if (!isValid(name)) {
            throw new IllegalArgumentException("camera id '" + name + "' (from configuration " + pid + ") must be "
                    + DESCRIPTION);
        }
        return name;
    }
}
