package nightjar.motion.internal;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A configuration file of {@code config/} read outside the framework, into the same annotation type
 * Declarative Services fills in: keys the file leaves out take the annotation's defaults, so the
 * command line runs with exactly the appliance's settings.
 */
final class ConfigFile {
    /** FileInstall's typed scalar: an optional type letter, then the value in double quotes. */
    private static final Pattern TYPED = Pattern.compile("[TIiLlFfDdXxSsCcBb]?\"(.*)\"");

    private ConfigFile() {
    }

    static <T> T read(Path file, Class<T> type) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, untyped(properties.getProperty(key).trim())));
        return of(values, type);
    }

    /**
     * A value as FileInstall writes it in a typed file ({@code I"35"}, {@code B"true"}, {@code "front"},
     * once the web console has saved the file), or a plain one as it is.
     */
    static String untyped(String value) {
        Matcher typed = TYPED.matcher(value);
        return typed.matches() ? typed.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : value;
    }

    /** The annotation type with the given values; an unknown key is an error (most likely a typo). */
    static <T> T of(Map<String, String> values, Class<T> type) {
        Set<String> known = Arrays.stream(type.getDeclaredMethods()).map(Method::getName).collect(Collectors.toSet());
        for (String key : values.keySet()) {
            if (!known.contains(key) && !key.startsWith("felix.") && !key.startsWith("service.")) {
                throw new IllegalArgumentException("unknown setting '" + key + "'; known: "
                        + known.stream().filter(name -> !name.startsWith("webconsole")).sorted()
                                .collect(Collectors.joining(", ")));
            }
        }
        Map<String, Object> converted = new HashMap<>();
        for (Method method : type.getDeclaredMethods()) {
            String text = values.get(method.getName());
            Object value = text == null || text.isEmpty() && method.getReturnType() != String.class
                    ? method.getDefaultValue() : convert(method.getName(), text, method.getReturnType());
            converted.put(method.getName(), value);
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (converted.containsKey(method.getName())) {
                return converted.get(method.getName());
            }
            return switch (method.getName()) {
                case "annotationType" -> type;
                case "toString" -> type.getSimpleName() + converted;
                case "hashCode" -> converted.hashCode();
                case "equals" -> self == args[0];
                default -> throw new UnsupportedOperationException(method.getName());
            };
        });
        return type.cast(proxy);
    }

    private static Object convert(String key, String text, Class<?> kind) {
        try {
            if (kind == String.class) {
                return text;
            } else if (kind == int.class) {
                return Integer.parseInt(text);
            } else if (kind == double.class) {
                return Double.parseDouble(text);
            } else if (kind == boolean.class) {
                if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                    throw new IllegalArgumentException(key + " must be true or false, was '" + text + "'");
                }
                return Boolean.parseBoolean(text);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, was '" + text + "'");
        }
        throw new IllegalArgumentException(key + " has an unsupported type " + kind);
    }
}
