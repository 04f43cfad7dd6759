package nightjar.mdns.internal;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A resource record of class IN. {@code unique} is mDNS's cache-flush bit: set on records only this
 * responder may hold (SRV, TXT, its host's address), clear on shared ones (PTR). The data is kept as
 * encoded, with names uncompressed, so two records compare by their bytes.
 */
record DnsRecord(DnsName name, int type, boolean unique, long ttl, byte[] data) {
    static final int A = 1;
    static final int PTR = 12;
    static final int TXT = 16;
    static final int AAAA = 28;
    static final int SRV = 33;
    static final int ANY = 255;

    /** RFC 6762 §10: records with a host name in them live 120 s, the rest 75 minutes. */
    static final long HOST_TTL = 120;
    static final long OTHER_TTL = 4500;

    static DnsRecord ptr(DnsName name, DnsName target) {
        return new DnsRecord(name, PTR, false, OTHER_TTL, encode(target));
    }

    static DnsRecord srv(DnsName name, int port, DnsName target) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        writeShort(data, 0); // priority
        writeShort(data, 0); // weight
        writeShort(data, port);
        data.writeBytes(encode(target));
        return new DnsRecord(name, SRV, true, HOST_TTL, data.toByteArray());
    }

    /** RFC 6763 §6: {@code key=value} strings; none is one empty string. */
    static DnsRecord txt(DnsName name, List<String> entries) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (String entry : entries) {
            byte[] bytes = entry.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > 255) {
                throw new IllegalArgumentException("a TXT entry has at most 255 bytes: " + entry);
            }
            data.write(bytes.length);
            data.writeBytes(bytes);
        }
        if (entries.isEmpty()) {
            data.write(0);
        }
        return new DnsRecord(name, TXT, true, OTHER_TTL, data.toByteArray());
    }

    static DnsRecord a(DnsName name, Inet4Address address) {
        return new DnsRecord(name, A, true, HOST_TTL, address.getAddress());
    }

    /** The same record with another TTL: 0 is a goodbye. */
    DnsRecord withTtl(long newTtl) {
        return new DnsRecord(name, type, unique, newTtl, data);
    }

    /** Same name, type and data, whatever the TTL and cache-flush bit. */
    boolean sameData(DnsRecord other) {
        return type == other.type && name.equals(other.name) && Arrays.equals(data, other.data);
    }

    /** Whether this record answers a question for {@code questionName} of {@code questionType}. */
    boolean answers(DnsName questionName, int questionType) {
        return (questionType == type || questionType == ANY) && questionName.equals(name);
    }

    /** The name a PTR record points to, or an SRV record's target; null for other types. */
    @Nullable
    DnsName target() {
        try {
            if (type == PTR) {
                return DnsMessage.readName(data, 0).name();
            }
            if (type == SRV) {
                return DnsMessage.readName(data, 6).name();
            }
        } catch (DnsMessage.MalformedException e) {
            return null;
        }
        return null;
    }

    static byte[] encode(DnsName name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String label : name.labels()) {
            byte[] bytes = label.getBytes(StandardCharsets.UTF_8);
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        out.write(0);
        return out.toByteArray();
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value >> 8);
        out.write(value);
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof DnsRecord record && sameData(record) && unique == record.unique && ttl == record.ttl;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + type * 17 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return name + " " + type + " ttl=" + ttl;
    }
}
