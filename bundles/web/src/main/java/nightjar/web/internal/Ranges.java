package nightjar.web.internal;

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;

import org.apache.felix.metatype.AD;
import org.apache.felix.metatype.Designate;
import org.apache.felix.metatype.MetaData;
import org.apache.felix.metatype.MetaDataReader;
import org.apache.felix.metatype.OCD;
import org.jspecify.annotations.Nullable;
import org.osgi.framework.Bundle;
import org.osgi.service.metatype.AttributeDefinition;

/**
 * What each setting of a form allows, in words ("from 1024 to 65535", "one of auto, mjpeg, yuyv"), for
 * the message that refuses a value. The MetaTypeService validates a value against the minimum and the
 * maximum but does not tell them, so they are read from the bundle's metatype document, the same
 * one the service reads ({@code OSGI-INF/metatype/*.xml}, made by bnd from the component's
 * {@code @AttributeDefinition}s).
 */
final class Ranges {
    private final Map<String, AD> definitions;

    Ranges(Map<String, AD> definitions) {
        this.definitions = definitions;
    }

    /** The definitions of the PID (or factory PID) in the bundle's metatype documents; none when unreadable. */
    static Ranges of(Bundle bundle, String pid) {
        Map<String, AD> found = new HashMap<>();
        Enumeration<URL> documents = bundle.findEntries("OSGI-INF/metatype", "*.xml", false);
        while (documents != null && documents.hasMoreElements()) {
            try {
                MetaData metaData = new MetaDataReader().parse(documents.nextElement());
                if (metaData == null) {
                    continue;
                }
                for (Object item : metaData.getDesignates()) {
                    Designate designate = (Designate) item;
                    if ((pid.equals(designate.getPid()) || pid.equals(designate.getFactoryPid()))
                            && designate.getObject() != null) {
                        OCD ocd = (OCD) metaData.getObjectClassDefinitions().get(designate.getObject().getOcdRef());
                        if (ocd != null) {
                            for (Object ad : ocd.getAttributeDefinitions().values()) {
                                found.put(((AD) ad).getID(), (AD) ad);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // Without the document the message names the problem but not the range.
            }
        }
        return new Ranges(found);
    }

    /** What the setting allows: its options, or its range (a string's range is its length). */
    String allowed(AttributeDefinition ad) {
        String[] options = ad.getOptionValues();
        if (options != null && options.length > 0) {
            return "one of " + String.join(", ", options);
        }
        AD described = definitions.get(ad.getID());
        @Nullable String min = described == null ? null : described.getMin();
        @Nullable String max = described == null ? null : described.getMax();
        String type = Forms.type(ad.getType());
        boolean text = type.equals("string") || type.equals("password");
        String kind = text ? "" : type.equals("integer") ? "an integer " : type.equals("boolean") ? "" : "a number ";
        String unit = text ? " characters" : "";
        if (min != null && max != null) {
            return kind + "from " + min + " to " + max + unit;
        }
        if (min != null) {
            return kind + "of at least " + min + unit;
        }
        if (max != null) {
            return kind + "of at most " + max + unit;
        }
        return text ? "any text" : type.equals("boolean") ? "true or false" : kind.trim();
    }
}
