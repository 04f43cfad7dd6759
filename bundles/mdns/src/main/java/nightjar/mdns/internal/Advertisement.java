package nightjar.mdns.internal;

import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the appliance advertises: one instance of each service, all on {@code host}, and the host's
 * addresses only when {@code ownsHost} (no other responder on this machine publishes them). The records
 * depend on the interface they go out on: its own addresses, not the machine's others.
 */
record Advertisement(String instance, DnsName host, boolean ownsHost, List<Service> services) {
    static final DnsName SERVICE_TYPES = DnsName.of("_services._dns-sd._udp.local");

    /** A DNS-SD service: {@code type} such as {@code _https._tcp}, its port and TXT entries. */
    record Service(String type, int port, List<String> txt) {
        Service {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("no port " + port + " for " + type);
            }
            txt = List.copyOf(txt);
        }

        DnsName typeName() {
            return DnsName.of(type).under(DnsName.LOCAL);
        }
    }

    Advertisement {
        services = List.copyOf(services);
        new DnsName(List.of(instance)); // a label: 1 to 63 bytes
    }

    /** The instance name to use after another device was found using this one: "Nightjar pi (2)". */
    Advertisement numbered(int number) {
        if (number < 2) {
            return this;
        }
        String suffix = " (" + number + ")";
        String base = instance;
        while (base.getBytes(StandardCharsets.UTF_8).length + suffix.length() > DnsName.MAX_LABEL_BYTES) {
            base = base.substring(0, base.length() - 1);
        }
        return new Advertisement(base + suffix, host, ownsHost, services);
    }

    DnsName instanceName(Service service) {
        return service.typeName().prefixed(instance);
    }

    /** Every record, with the addresses of the interface they are sent on. */
    List<DnsRecord> records(List<Inet4Address> addresses) {
        List<DnsRecord> records = new ArrayList<>();
        for (Service service : services) {
            DnsName instanceName = instanceName(service);
            records.add(DnsRecord.ptr(SERVICE_TYPES, service.typeName()));
            records.add(DnsRecord.ptr(service.typeName(), instanceName));
            records.add(DnsRecord.srv(instanceName, service.port(), host));
            records.add(DnsRecord.txt(instanceName, service.txt()));
        }
        records.addAll(hostRecords(addresses));
        return records;
    }

    private List<DnsRecord> hostRecords(List<Inet4Address> addresses) {
        return ownsHost ? addresses.stream().map(address -> DnsRecord.a(host, address)).toList() : List.of();
    }

    /**
     * The records that answer a question, and those a client will ask for next (RFC 6763 §12): with a
     * PTR the instance's SRV and TXT, with an SRV the host's addresses when they are ours.
     */
    Answer answer(DnsMessage.Question question, List<Inet4Address> addresses) {
        List<DnsRecord> all = records(addresses);
        Set<DnsRecord> answers = new LinkedHashSet<>();
        for (DnsRecord record : all) {
            if (record.answers(question.name(), question.type())) {
                answers.add(record);
            }
        }
        Set<DnsRecord> additionals = new LinkedHashSet<>();
        for (DnsRecord answer : answers) {
            if (answer.type() == DnsRecord.PTR) {
                DnsName instanceName = answer.target();
                all.stream().filter(r -> r.name().equals(instanceName) && (r.type() == DnsRecord.SRV || r.type() == DnsRecord.TXT))
                        .forEach(additionals::add);
            }
        }
        if (answers.stream().anyMatch(r -> r.type() == DnsRecord.SRV) || additionals.stream().anyMatch(r -> r.type() == DnsRecord.SRV)) {
            additionals.addAll(hostRecords(addresses));
        }
        additionals.removeAll(answers);
        return new Answer(List.copyOf(answers), List.copyOf(additionals));
    }

    record Answer(List<DnsRecord> answers, List<DnsRecord> additionals) {
    }
}
