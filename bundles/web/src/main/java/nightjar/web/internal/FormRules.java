package nightjar.web.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Dictionary;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The rules of a settings form that its metatype cannot say, checked after the metatype's (type,
 * range, options) and before anything is saved. Each names the key, the value and what is allowed.
 * These are the rules the components enforce when they start, so a value the form accepts is one
 * the component takes: a refused one would be saved and then fail at every start.
 * <ul>
 * <li>{@code nightjar.security}: {@code metricsToken} empty or at least 20 characters;
 * {@code httpPort} 0 or 1024 to 65535 and not the HTTPS port; a new {@code httpsPort} or
 * {@code httpPort} must be free on this machine (another program listening on it would keep the web
 * UI away after the change).</li>
 * <li>{@code nightjar.gpio}: {@code dayAbove} over {@code nightBelow}; {@code latitude} and
 * {@code longitude} empty or degrees.</li>
 * <li>{@code nightjar.camera}: the device controls empty or whole numbers ({@code whiteBalance} also
 * {@code auto}); the camera would leave out any other value with a warning.</li>
 * </ul>
 */
final class FormRules {
    static final int METRICS_TOKEN_MIN = 20;
    static final int FIRST_UNPRIVILEGED_PORT = 1024;

    /** Whether a TCP port can be listened on now; tests give their own answer. */
    @FunctionalInterface
    interface Ports {
        boolean free(int port);
    }

    private final Ports ports;

    FormRules(Ports ports) {
        this.ports = ports;
    }

    /** The machine's own answer: binding the port on every address works. */
    static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @param current the configuration as it is (null: never saved)
     * @param next the configuration as it would be saved
     * @throws Api.Refused 400 naming the key, the value and what is allowed
     */
    void check(String pid, ObjectClassDefinition ocd, @Nullable Dictionary<String, Object> current,
            Dictionary<String, Object> next) throws Api.Refused {
        switch (pid) {
            case "nightjar.security" -> security(ocd, current, next);
            case "nightjar.gpio" -> gpio(ocd, next);
            case "nightjar.camera" -> camera(ocd, next);
            default -> {
                // The metatype says all there is.
            }
        }
    }

    private void security(ObjectClassDefinition ocd, @Nullable Dictionary<String, Object> current,
            Dictionary<String, Object> next) throws Api.Refused {
        String token = text(ocd, next, "metricsToken");
        if (!token.isEmpty() && token.length() < METRICS_TOKEN_MIN) {
            throw refused("metricsToken = the value given (" + token.length() + " characters): too short (allowed: "
                    + "empty, or at least " + METRICS_TOKEN_MIN + " characters)");
        }
        int https = number(ocd, next, "httpsPort").intValue();
        int http = number(ocd, next, "httpPort").intValue();
        if (http != 0 && http < FIRST_UNPRIVILEGED_PORT) {
            throw refused("httpPort = '" + http + "': below " + FIRST_UNPRIVILEGED_PORT + ", where a service that "
                    + "does not run as root cannot listen (allowed: 0 for off, or from 1024 to 65535)");
        }
        if (http == https) {
            throw refused("httpPort = '" + http + "': the same as httpsPort (allowed: 0 for off, or another port)");
        }
        free(ocd, current, next, "httpsPort");
        if (http != 0) {
            free(ocd, current, next, "httpPort");
        }
    }

    /** A port that changes must be one nothing else listens on; the port in use now is ours. */
    private void free(ObjectClassDefinition ocd, @Nullable Dictionary<String, Object> current,
            Dictionary<String, Object> next, String key) throws Api.Refused {
        int port = number(ocd, next, key).intValue();
        int now = number(ocd, current, key).intValue();
        if (port != now && !ports.free(port)) {
            throw refused(key + " = '" + port + "': the port is in use on this machine (allowed: a free port)");
        }
    }

    private static void gpio(ObjectClassDefinition ocd, Dictionary<String, Object> next) throws Api.Refused {
        int night = number(ocd, next, "nightBelow").intValue();
        int day = number(ocd, next, "dayAbove").intValue();
        if (day <= night) {
            throw refused("dayAbove = '" + day + "': not above nightBelow (" + night + ")");
        }
        degrees(ocd, next, "latitude", 90);
        degrees(ocd, next, "longitude", 180);
    }

    private static void camera(ObjectClassDefinition ocd, Dictionary<String, Object> next) throws Api.Refused {
        for (String key : List.of("brightness", "contrast", "saturation", "sharpness", "exposure", "whiteBalance")) {
            String text = text(ocd, next, key).trim();
            if (text.isEmpty() || (key.equals("whiteBalance") && text.equalsIgnoreCase("auto"))) {
                continue;
            }
            try {
                Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw refused(key + " = '" + text + "': not a whole number (allowed: empty for the camera's own, "
                        + (key.equals("whiteBalance") ? "auto, " : "") + "or a whole number)");
            }
        }
    }

    private static void degrees(ObjectClassDefinition ocd, Dictionary<String, Object> next, String key, int limit)
            throws Api.Refused {
        String text = text(ocd, next, key).trim();
        if (text.isEmpty()) {
            return;
        }
        try {
            double degrees = Double.parseDouble(text);
            if (Math.abs(degrees) <= limit) {
                return;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw refused(key + " = '" + text + "': not degrees (allowed: empty, or from -" + limit + " to " + limit + ")");
    }

    /** A setting's text as saved (an absent one: its default). */
    private static String text(ObjectClassDefinition ocd, @Nullable Dictionary<String, Object> properties, String key) {
        Object value = properties == null ? null : properties.get(key);
        if (value != null) {
            return value.toString();
        }
        for (AttributeDefinition ad : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
            String[] defaults = ad.getDefaultValue();
            if (ad.getID().equals(key) && defaults != null && defaults.length > 0) {
                return defaults[0];
            }
        }
        return "";
    }

    /** A numeric setting as saved (a number, or the text of one in a plain file), already checked by the metatype. */
    private static Double number(ObjectClassDefinition ocd, @Nullable Dictionary<String, Object> properties, String key) {
        String text = text(ocd, properties, key).trim();
        try {
            return Double.valueOf(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static Api.Refused refused(String message) {
        return new Api.Refused(HttpServletResponse.SC_BAD_REQUEST, message);
    }
}
