package nightjar.web.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

import jakarta.servlet.http.HttpServletResponse;

/** A settings form from a metatype definition, and a submitted form checked against it. */
final class Forms {
    private Forms() {
    }

    static Map<String, Object> form(String pid, @Nullable String name, ObjectClassDefinition ocd,
            @Nullable Dictionary<String, Object> properties) {
        List<Object> fields = new ArrayList<>();
        for (AttributeDefinition ad : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
            if (ad.getID().startsWith("webconsole.")) {
                continue; // the web console's own hints, not a setting
            }
            Map<String, Object> field = new LinkedHashMap<>();
            field.put("id", ad.getID());
            field.put("name", ad.getName());
            field.put("description", ad.getDescription() == null ? "" : ad.getDescription());
            field.put("type", type(ad.getType()));
            field.put("multiple", ad.getCardinality() != 0);
            if (ad.getOptionValues() != null && ad.getOptionValues().length > 0) {
                List<Object> options = new ArrayList<>();
                for (int i = 0; i < ad.getOptionValues().length; i++) {
                    options.add(Map.of("value", ad.getOptionValues()[i], "label", ad.getOptionLabels()[i]));
                }
                field.put("options", options);
            }
            Object value = properties == null ? null : properties.get(ad.getID());
            if (value == null) {
                String[] defaults = ad.getDefaultValue();
                value = defaults == null ? "" : ad.getCardinality() != 0 ? defaults : defaults.length > 0 ? defaults[0] : "";
            }
            field.put("value", ad.getType() == AttributeDefinition.PASSWORD ? "" : value);
            fields.add(field);
        }
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("pid", pid);
        form.put("name", name);
        form.put("title", ocd.getName());
        form.put("description", ocd.getDescription() == null ? "" : ocd.getDescription());
        form.put("fields", fields);
        return form;
    }

    /**
     * The configuration's properties with the submitted values in, each checked against its
     * definition; an empty password keeps the old one. A value keeps the Java type it had, so the
     * file in {@code config/} keeps its plain style.
     */
    static Dictionary<String, Object> apply(ObjectClassDefinition ocd, Ranges ranges,
            @Nullable Dictionary<String, Object> current, Map<String, Object> submitted) throws Api.Refused {
        Dictionary<String, Object> properties = SettingsApi.copy(current);
        for (AttributeDefinition ad : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
            if (!submitted.containsKey(ad.getID())) {
                continue;
            }
            List<String> texts = texts(ad, submitted.get(ad.getID()));
            if (ad.getType() == AttributeDefinition.PASSWORD && texts.size() == 1 && texts.get(0).isEmpty()) {
                continue;
            }
            for (String text : texts) {
                String problem = ad.validate(text);
                if (problem != null && !problem.isEmpty()) {
                    throw new Api.Refused(HttpServletResponse.SC_BAD_REQUEST,
                            refusal(ad, text, problem, ranges.allowed(ad)));
                }
            }
            Object old = current == null ? null : current.get(ad.getID());
            properties.put(ad.getID(), value(ad, texts, old));
        }
        return properties;
    }

    /**
     * Why a value is refused, for the person who typed it: the key, the value (never a password's) and
     * what the definition allows, e.g. {@code httpsPort = '22': less than minimum (allowed: an integer from 1024 to 65535)}.
     */
    static String refusal(AttributeDefinition ad, String text, String problem, String allowed) {
        String value = ad.getType() == AttributeDefinition.PASSWORD ? "the value given" : "'" + text + "'";
        String reason = problem.startsWith("%") ? problem.substring(1) : problem;
        return ad.getID() + " = " + value + ": " + reason + " (allowed: " + allowed + ")";
    }

    private static List<String> texts(AttributeDefinition ad, @Nullable Object value) throws Api.Refused {
        List<String> texts = new ArrayList<>();
        if (value instanceof Collection<?> items && ad.getCardinality() != 0) {
            for (Object item : items) {
                texts.add(scalar(ad, item));
            }
        } else {
            texts.add(scalar(ad, value));
        }
        return texts;
    }

    private static String scalar(AttributeDefinition ad, @Nullable Object value) throws Api.Refused {
        boolean numeric = ad.getType() == AttributeDefinition.INTEGER || ad.getType() == AttributeDefinition.LONG
                || ad.getType() == AttributeDefinition.DOUBLE || ad.getType() == AttributeDefinition.FLOAT;
        if (ad.getType() == AttributeDefinition.BOOLEAN && value instanceof Boolean b) {
            return b.toString();
        }
        if (numeric && value instanceof BigDecimal number) {
            if (ad.getType() == AttributeDefinition.INTEGER || ad.getType() == AttributeDefinition.LONG) {
                try {
                    return number.toBigIntegerExact().toString();
                } catch (ArithmeticException e) {
                    throw new Api.Refused(HttpServletResponse.SC_BAD_REQUEST, ad.getName() + " must be a whole number");
                }
            }
            return number.toPlainString();
        }
        if (!numeric && ad.getType() != AttributeDefinition.BOOLEAN && value instanceof String s) {
            return s;
        }
        throw new Api.Refused(HttpServletResponse.SC_BAD_REQUEST, ad.getName() + " must be " + (ad.getType() == AttributeDefinition.INTEGER || ad.getType() == AttributeDefinition.LONG ? "an " : "a ") + type(ad.getType())
                + (ad.getCardinality() != 0 ? " or a list of them" : ""));
    }

    private static Object value(AttributeDefinition ad, List<String> texts, @Nullable Object old) {
        if (ad.getCardinality() != 0) {
            return texts.toArray(new String[0]);
        }
        String text = texts.get(0);
        if (old instanceof String) {
            return text;
        }
        return switch (ad.getType()) {
            case AttributeDefinition.INTEGER -> Integer.valueOf(text);
            case AttributeDefinition.LONG -> Long.valueOf(text);
            case AttributeDefinition.DOUBLE -> Double.valueOf(text);
            case AttributeDefinition.FLOAT -> Float.valueOf(text);
            case AttributeDefinition.BOOLEAN -> Boolean.valueOf(text);
            default -> text;
        };
    }

    static String type(int type) {
        return switch (type) {
            case AttributeDefinition.INTEGER, AttributeDefinition.LONG, AttributeDefinition.SHORT,
                    AttributeDefinition.BYTE -> "integer";
            case AttributeDefinition.DOUBLE, AttributeDefinition.FLOAT -> "number";
            case AttributeDefinition.BOOLEAN -> "boolean";
            case AttributeDefinition.PASSWORD -> "password";
            default -> "string";
        };
    }
}
