package nightjar.mdns.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * A domain name as its labels: a DNS-SD instance label may hold dots and spaces, so a name is never a
 * dotted string inside this bundle. Names compare without regard to ASCII case, as DNS does.
 */
final class DnsName {
    static final int MAX_LABEL_BYTES = 63;
    static final DnsName LOCAL = new DnsName(List.of("local"));

    private final List<String> labels;
    private final String key;

    DnsName(List<String> labels) {
        for (String label : labels) {
            int bytes = label.getBytes(StandardCharsets.UTF_8).length;
            if (bytes == 0 || bytes > MAX_LABEL_BYTES) {
                throw new IllegalArgumentException("a DNS label has 1 to 63 bytes, not " + bytes + ": \"" + label + "\"");
            }
        }
        this.labels = List.copyOf(labels);
        this.key = String.join("\u0000", labels).toLowerCase(Locale.ROOT);
    }

    /** A name of labels without dots of their own, such as {@code _https._tcp.local}. */
    static DnsName of(String dotted) {
        return new DnsName(List.of(dotted.split("\\.")));
    }

    /** This name under {@code parent}: {@code _https._tcp} under {@code local}. */
    DnsName under(DnsName parent) {
        List<String> joined = new ArrayList<>(labels);
        joined.addAll(parent.labels);
        return new DnsName(joined);
    }

    /** {@code label} in front of this name: an instance in front of its service type. */
    DnsName prefixed(String label) {
        List<String> joined = new ArrayList<>(List.of(label));
        joined.addAll(labels);
        return new DnsName(joined);
    }

    List<String> labels() {
        return labels;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof DnsName name && key.equals(name.key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    /** Dotted, for logs ({@code Nightjar pi._https._tcp.local}). */
    @Override
    public String toString() {
        return String.join(".", labels);
    }
}
