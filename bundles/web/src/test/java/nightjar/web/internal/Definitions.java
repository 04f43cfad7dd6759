package nightjar.web.internal;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.felix.metatype.AD;
import org.apache.felix.metatype.MetaData;
import org.apache.felix.metatype.MetaDataReader;
import org.apache.felix.metatype.OCD;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * A form's definitions as the MetaTypeService gives them, read with Felix Metatype from a metatype
 * document on the test class path (written as bnd writes them from the components' annotations).
 */
final class Definitions {
    final ObjectClassDefinition ocd;
    final Ranges ranges;

    private Definitions(ObjectClassDefinition ocd, Ranges ranges) {
        this.ocd = ocd;
        this.ranges = ranges;
    }

    static Definitions read(String resource) throws Exception {
        MetaData metaData;
        try (InputStream in = Definitions.class.getResourceAsStream(resource)) {
            metaData = new MetaDataReader().parse(in);
        }
        OCD ocd = (OCD) metaData.getObjectClassDefinitions().values().iterator().next();
        Map<String, AD> ads = new java.util.LinkedHashMap<>();
        List<AttributeDefinition> definitions = new ArrayList<>();
        for (Object item : ocd.getAttributeDefinitions().values()) {
            AD ad = (AD) item;
            ads.put(ad.getID(), ad);
            definitions.add(attribute(ad));
        }
        ObjectClassDefinition definition = new ObjectClassDefinition() {
            @Override
            public String getName() {
                return ocd.getName();
            }

            @Override
            public String getID() {
                return ocd.getID();
            }

            @Override
            public String getDescription() {
                return ocd.getDescription();
            }

            @Override
            public AttributeDefinition[] getAttributeDefinitions(int filter) {
                return definitions.toArray(new AttributeDefinition[0]);
            }

            @Override
            public InputStream getIcon(int size) {
                return null;
            }
        };
        return new Definitions(definition, new Ranges(ads));
    }

    private static AttributeDefinition attribute(AD ad) {
        return new AttributeDefinition() {
            @Override
            public String getName() {
                return ad.getName();
            }

            @Override
            public String getID() {
                return ad.getID();
            }

            @Override
            public String getDescription() {
                return ad.getDescription();
            }

            @Override
            public int getCardinality() {
                return ad.getCardinality();
            }

            @Override
            public int getType() {
                return ad.getType();
            }

            @Override
            public String[] getOptionValues() {
                return ad.getOptionValues();
            }

            @Override
            public String[] getOptionLabels() {
                return ad.getOptionLabels();
            }

            @Override
            public String validate(String value) {
                return ad.validate(value);
            }

            @Override
            public String[] getDefaultValue() {
                return ad.getDefaultValue();
            }
        };
    }
}
