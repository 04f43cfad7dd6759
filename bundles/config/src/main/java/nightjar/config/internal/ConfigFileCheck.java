package nightjar.config.internal;

import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.utils.properties.TypedProperties;
import org.jspecify.annotations.Nullable;
import org.osgi.service.metatype.AttributeDefinition;

/**
 * Whether a Nightjar configuration file says what it means. FileInstall reads any text as
 * properties: a line that is not {@code key = value} becomes a key of its own, binary junk becomes
 * keys nobody reads, and the component quietly falls back to its defaults (a motion file whose zones
 * are lost). This finds the first line that is not text, not a comment and not {@code key = value},
 * a key the component does not have, or a value that does not convert to the key's type (the
 * component's metatype says which keys there are and their types).
 */
final class ConfigFileCheck {
    /** What is wrong, on which line (1 for the first). */
    record Problem(int line, String reason) {
    }

    private ConfigFileCheck() {
    }

    /**
     * @param text the file, decoded as FileInstall decodes it
     * @param definitions the component's settings by key; null when its metatype is not known (then
     *     only the lines are checked)
     * @return the first problem, or null when the file is good
     */
    static @Nullable Problem check(String text, @Nullable Map<String, AttributeDefinition> definitions,
            TypedProperties.@Nullable SubstitutionCallback substitution) {
        Map<String, Integer> keys = new LinkedHashMap<>();
        List<String> lines = text.lines().toList();
        for (int index = 0; index < lines.size(); index++) {
            int number = index + 1;
            String line = lines.get(index);
            Problem notText = notText(line, number);
            if (notText != null) {
                return notText;
            }
            String logical = line.stripLeading();
            if (logical.isEmpty() || logical.startsWith("#") || logical.startsWith("!")) {
                continue;
            }
            while (continues(logical) && index + 1 < lines.size()) {
                index++;
                Problem continuedNotText = notText(lines.get(index), index + 1);
                if (continuedNotText != null) {
                    return continuedNotText;
                }
                logical = logical.substring(0, logical.length() - 1) + lines.get(index).stripLeading();
            }
            String key = key(logical);
            if (key == null) {
                return new Problem(number, "not 'key = value'");
            }
            if (definitions != null && !definitions.containsKey(key) && !ownedByTheFramework(key)) {
                return new Problem(number, "'" + key + "' is not a setting here");
            }
            keys.put(key, number);
        }
        TypedProperties properties = new TypedProperties(substitution);
        try {
            properties.load(new StringReader(text));
        } catch (IOException | RuntimeException e) {
            return new Problem(1, "not readable as properties: " + e.getMessage());
        }
        for (Map.Entry<String, Integer> key : keys.entrySet()) {
            Object value;
            try {
                value = properties.get(key.getKey());
            } catch (RuntimeException e) {
                return new Problem(key.getValue(), "the value of '" + key.getKey() + "' is not a valid typed value");
            }
            AttributeDefinition definition = definitions == null ? null : definitions.get(key.getKey());
            String problem = definition == null ? null : convertible(definition, value);
            if (problem != null) {
                return new Problem(key.getValue(), problem);
            }
        }
        return null;
    }

    /** A line with control characters (other than tab and form feed) is binary, not a configuration. */
    private static @Nullable Problem notText(String line, int number) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\f') || (c >= 0x7f && c <= 0x9f) || c == '\uFFFD') {
                return new Problem(number, String.format("not text (character 0x%02X at column %d)", (int) c, i + 1));
            }
        }
        return null;
    }

    /** A line ending in an odd number of backslashes goes on on the next one. */
    private static boolean continues(String line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** The key of a {@code key = value} (or {@code key: value}) line, or null when the line is not one. */
    private static @Nullable String key(String line) {
        StringBuilder key = new StringBuilder();
        int i = 0;
        for (; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                key.append(line.charAt(++i));
            } else if (c == '=' || c == ':' || Character.isWhitespace(c)) {
                break;
            } else {
                key.append(c);
            }
        }
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        boolean separated = i < line.length() && (line.charAt(i) == '=' || line.charAt(i) == ':');
        return separated && key.length() > 0 ? key.toString() : null;
    }

    /** Keys that FileInstall, ConfigAdmin or DS read, which no metatype lists. */
    static boolean ownedByTheFramework(String key) {
        return key.startsWith("felix.fileinstall.") || key.startsWith("service.") || key.endsWith(".target")
                || key.startsWith("webconsole.");
    }

    /** Why the value cannot become the setting's type, or null when it can (its range is the component's to judge). */
    static @Nullable String convertible(AttributeDefinition definition, @Nullable Object value) {
        int type = definition.getType();
        if (type == AttributeDefinition.STRING || type == AttributeDefinition.PASSWORD || value == null) {
            return null;
        }
        for (Object item : items(value)) {
            String text = String.valueOf(item).trim();
            if (!converts(type, text)) {
                return "'" + definition.getID() + "' must be " + typeName(type) + ", not '" + text + "'";
            }
        }
        return null;
    }

    private static boolean converts(int type, String text) {
        try {
            switch (type) {
                case AttributeDefinition.INTEGER -> Integer.parseInt(text);
                case AttributeDefinition.LONG -> Long.parseLong(text);
                case AttributeDefinition.SHORT -> Short.parseShort(text);
                case AttributeDefinition.BYTE -> Byte.parseByte(text);
                case AttributeDefinition.DOUBLE -> Double.parseDouble(text);
                case AttributeDefinition.FLOAT -> Float.parseFloat(text);
                case AttributeDefinition.BOOLEAN -> {
                    return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false");
                }
                case AttributeDefinition.CHARACTER -> {
                    return text.length() == 1;
                }
                default -> {
                    return true;
                }
            }
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static List<Object> items(Object value) {
        List<Object> items = new ArrayList<>();
        if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(Array.get(value, i));
            }
        } else if (value instanceof Collection<?> collection) {
            items.addAll(collection);
        } else {
            items.add(value);
        }
        return items;
    }

    private static String typeName(int type) {
        return switch (type) {
            case AttributeDefinition.INTEGER, AttributeDefinition.LONG, AttributeDefinition.SHORT,
                    AttributeDefinition.BYTE -> "a whole number";
            case AttributeDefinition.DOUBLE, AttributeDefinition.FLOAT -> "a number";
            case AttributeDefinition.BOOLEAN -> "true or false";
            case AttributeDefinition.CHARACTER -> "one character";
            default -> "of its type";
        };
    }
}
