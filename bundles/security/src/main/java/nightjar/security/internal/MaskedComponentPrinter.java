package nightjar.security.internal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.felix.inventory.Format;
import org.apache.felix.inventory.InventoryPrinter;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The web console's Configuration Status prints every Declarative Services component with all its
 * properties (the printer {@code scr} of the console's DS plugin 2.3.0), in clear: a remote
 * camera's and the MQTT broker's password, the metrics token, although the plugin's own Components
 * page masks them. This printer takes its place and prints the plugin's text with the value of every
 * secret property masked: a private one (its name starts with a dot) or one whose name says
 * password, secret or token. The inventory (2.0.0) uses one printer per name, the one whose service
 * reference sorts first ({@code ServiceReference.compareTo}: the lowest ranking), hence the ranking
 * below the plugin's 0; HardeningIT shows that the console's dump holds no secret.
 */
@Component(service = InventoryPrinter.class, property = {
        InventoryPrinter.NAME + "=" + MaskedComponentPrinter.NAME,
        InventoryPrinter.TITLE + "=Declarative Services Components",
        InventoryPrinter.FORMAT + "=TEXT",
        MaskedComponentPrinter.MASKED + ":Boolean=true",
        Constants.SERVICE_RANKING + ":Integer=-1000"})
public final class MaskedComponentPrinter implements InventoryPrinter {
    static final String NAME = "scr";
    static final String MASKED = "nightjar.masked";
    static final String MASK = "********";
    /** A property line of the printer's text: indented {@code name=value}. */
    private static final Pattern PROPERTY = Pattern.compile("(\\s+)([^\\s=]+)=(.+)");
    private static final Pattern SECRET_NAME = Pattern.compile("\\..*|(?i).*(password|passphrase|secret|token).*");

    private final InventoryPrinter original;

    @Activate
    public MaskedComponentPrinter(@Reference(target = "(&(" + InventoryPrinter.NAME + "=" + NAME + ")(!(" + MASKED
            + "=true)))") InventoryPrinter original) {
        this.original = original;
    }

    @Override
    public void print(PrintWriter printWriter, Format format, boolean isZip) {
        StringWriter text = new StringWriter();
        try (PrintWriter into = new PrintWriter(text)) {
            original.print(into, Format.TEXT, isZip);
        }
        printWriter.print(mask(text.toString()));
    }

    static String mask(String text) {
        StringBuilder masked = new StringBuilder(text.length());
        for (String line : text.split("\n", -1)) {
            Matcher property = PROPERTY.matcher(line);
            if (property.matches() && SECRET_NAME.matcher(property.group(2)).matches()) {
                masked.append(property.group(1)).append(property.group(2)).append('=').append(MASK);
            } else {
                masked.append(line);
            }
            masked.append('\n');
        }
        masked.setLength(Math.max(0, masked.length() - 1));
        return masked.toString();
    }
}
