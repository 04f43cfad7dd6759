package nightjar.mdns.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.tasks.TaskClock;

/**
 * The mDNS responder's protocol (RFC 6762), on the clock's thread only: announces what is advertised
 * on each interface (twice, a second apart, §8.3), announces again what changes, says goodbye (TTL 0,
 * §10.1) to what goes, answers queries (with known-answer suppression, §7.1, and legacy unicast,
 * §6.7), and gives the instance a number when another device answers with the same name (§9).
 */
final class Responder {
    static final int MDNS_PORT = 5353;
    static final Duration REPEAT = Duration.ofSeconds(1);
    /** RFC 6762 §6.7: legacy unicast answers live at most 10 s. */
    private static final long LEGACY_TTL = 10;
    /**
     * Unicast replies per destination address and second: the source of a query may be spoofed, and
     * unlike multicast answers (one per record and second) nothing else would limit what we send there.
     */
    static final int UNICAST_REPLIES_PER_SECOND = 4;
    /** RFC 6762 §8.1: after this many conflicts within {@link #CONFLICT_WINDOW}, wait {@link #CONFLICT_BACKOFF} between renames. */
    static final int MAX_CONFLICTS = 15;
    static final Duration CONFLICT_WINDOW = Duration.ofSeconds(10);
    static final Duration CONFLICT_BACKOFF = Duration.ofSeconds(5);
    /** A unicast reply larger than this is not sent (ours are a few hundred bytes; more means a crafted query). */
    static final int MAX_UNICAST_REPLY = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(Responder.class);

    /** Where datagrams go: the multicast socket, or a test's list. */
    interface Link {
        void multicast(byte[] message, LocalInterface via) throws IOException;

        void unicast(byte[] message, InetSocketAddress to) throws IOException;
    }

    private final Link link;
    private final TaskClock clock;
    private final List<TaskClock.Task> repeats = new ArrayList<>();
    /** When each record last went out by multicast, per interface (§6: not again within a second). */
    private final Map<String, Instant> multicastAt = new HashMap<>();
    /** Unicast replies sent to each address in the second that started at {@code since}. */
    private final Map<InetAddress, UnicastWindow> unicastTo = new HashMap<>();
    /** When we took another name, within the last {@link #CONFLICT_WINDOW} (at most about 17). */
    private final Deque<Instant> renames = new ArrayDeque<>();
    private @Nullable Advertisement wanted;
    private @Nullable Advertisement current;
    private List<LocalInterface> interfaces = List.of();
    private int number = 1;

    Responder(Link link, TaskClock clock) {
        this.link = link;
        this.clock = clock;
    }

    /** What is advertised now (numbered after a conflict), or null. */
    @Nullable
    Advertisement current() {
        return current;
    }

    /**
     * Advertises {@code next} on {@code nextInterfaces} from now on (null: nothing, saying goodbye to
     * everything), sending only what changed.
     */
    void advertise(@Nullable Advertisement next, List<LocalInterface> nextInterfaces) {
        wanted = next;
        change(next == null ? null : next.numbered(number), next == null ? List.of() : List.copyOf(nextInterfaces));
    }

    private void change(@Nullable Advertisement next, List<LocalInterface> nextInterfaces) {
        if (Objects.equals(next, current) && nextInterfaces.equals(interfaces)) {
            return;
        }
        repeats.forEach(TaskClock.Task::cancel);
        repeats.clear();
        List<LocalInterface> sendOn = new ArrayList<>(nextInterfaces);
        if (next == null) {
            sendOn = new ArrayList<>(interfaces);
        }
        for (LocalInterface via : sendOn) {
            List<DnsRecord> before = records(current, named(interfaces, via.name()));
            List<DnsRecord> after = records(next, via);
            List<DnsRecord> goodbyes = new ArrayList<>();
            for (DnsRecord old : before) {
                boolean handedOver = next != null && !next.ownsHost() && old.type() == DnsRecord.A;
                if (!handedOver && after.stream().noneMatch(old::sameData)) {
                    goodbyes.add(old.withTtl(0));
                }
            }
            List<DnsRecord> fresh = after.stream().filter(record -> !before.contains(record)).toList();
            List<DnsRecord> first = new ArrayList<>(fresh);
            first.addAll(goodbyes);
            send(via, first);
            if (!fresh.isEmpty()) {
                repeats.add(clock.schedule(REPEAT, () -> send(via, fresh)));
            }
        }
        if (next != null && current != null && !next.instance().equals(current.instance())) {
            LOG.info("mDNS: advertising as \"{}\"", next.instance());
        }
        current = next;
        interfaces = nextInterfaces;
    }

    /** A datagram that came to port 5353 from {@code source}. */
    void received(byte[] datagram, InetSocketAddress source) {
        Optional<LocalInterface> via = interfaces.stream().filter(i -> i.reaches(source.getAddress())).findFirst();
        if (via.isEmpty()) {
            return; // not from a link we advertise on (RFC 6762 §11), so not worth reading
        }
        DnsMessage message;
        try {
            message = DnsMessage.parse(datagram);
        } catch (DnsMessage.MalformedException e) {
            LOG.debug("mDNS: ignored a datagram from {}: {}", source, e.getMessage());
            return;
        }
        Advertisement advertised = current;
        if (advertised == null) {
            return;
        }
        if (message.isResponse()) {
            checkConflict(message, source, advertised);
        } else if (message.isStandardQuery()) {
            answer(message, source, via.get(), advertised);
        }
    }

    private void answer(DnsMessage query, InetSocketAddress source, LocalInterface via, Advertisement advertised) {
        List<DnsRecord> answers = new ArrayList<>();
        List<DnsRecord> additionals = new ArrayList<>();
        for (DnsMessage.Question question : query.questions()) {
            Advertisement.Answer answer = advertised.answer(question, via.addresses());
            answer.answers().stream().filter(r -> !answers.contains(r) && !known(query, r)).forEach(answers::add);
            answer.additionals().stream().filter(r -> !additionals.contains(r)).forEach(additionals::add);
        }
        additionals.removeAll(answers);
        if (answers.isEmpty()) {
            return;
        }
        try {
            if (source.getPort() != MDNS_PORT) {
                // RFC 6762 §6.7: the reply repeats the question. Legacy resolvers ask one; repeating more would
                // let a small query with many compressed questions send a large reply to a spoofed address.
                if (query.questions().size() != 1) {
                    LOG.debug("mDNS: ignored a legacy query of {} questions from {}", query.questions().size(), source);
                    return;
                }
                List<DnsRecord> legacy = answers.stream()
                        .map(r -> new DnsRecord(r.name(), r.type(), false, Math.min(r.ttl(), LEGACY_TTL), r.data())).toList();
                if (mayUnicast(source.getAddress())) {
                    unicast(new DnsMessage(query.id(), DnsMessage.RESPONSE_FLAGS, query.questions(), legacy, List.of()), source);
                }
            } else if (query.questions().stream().allMatch(DnsMessage.Question::unicastResponse)
                    && mayUnicast(source.getAddress())) {
                DnsMessage reply = DnsMessage.response(answers, additionals);
                if (reply.toBytes().length > MAX_UNICAST_REPLY) {
                    reply = DnsMessage.response(answers, List.of());
                }
                unicast(reply, source);
            } else {
                List<DnsRecord> due = answers.stream().filter(r -> !sentLately(via, r)).toList();
                if (!due.isEmpty()) {
                    link.multicast(DnsMessage.response(due, additionals).toBytes(), via);
                    sentNow(via, due);
                }
            }
        } catch (IOException e) {
            LOG.debug("mDNS: could not answer {}: {}", source, e.getMessage());
        }
    }

    /** Sends {@code reply} unless it is too large (which only a crafted query could make it). */
    private void unicast(DnsMessage reply, InetSocketAddress to) throws IOException {
        byte[] bytes = reply.toBytes();
        if (bytes.length > MAX_UNICAST_REPLY) {
            LOG.debug("mDNS: not sending a {}-byte reply to {}", bytes.length, to);
        } else {
            link.unicast(bytes, to);
        }
    }

    /** Whether another unicast reply may go to {@code to} this second (and counts it). */
    private boolean mayUnicast(InetAddress to) {
        Instant now = clock.now();
        if (unicastTo.size() > 1000) {
            unicastTo.values().removeIf(window -> !window.since().plus(REPEAT).isAfter(now));
        }
        UnicastWindow window = unicastTo.get(to);
        if (window == null || !window.since().plus(REPEAT).isAfter(now)) {
            window = new UnicastWindow(now, 0);
        }
        if (window.sent() >= UNICAST_REPLIES_PER_SECOND) {
            return false;
        }
        unicastTo.put(to, new UnicastWindow(window.since(), window.sent() + 1));
        return true;
    }

    private record UnicastWindow(Instant since, int sent) {
    }

    /** §7.1: the querier already has the record with at least half its lifetime left. */
    private static boolean known(DnsMessage query, DnsRecord record) {
        return query.answers().stream().anyMatch(k -> k.sameData(record) && k.ttl() >= record.ttl() / 2);
    }

    /**
     * §9: another device answers with a record of our instance's name but other data: take the next
     * number. Our own datagrams come back to us with the same data, and goodbyes are no claim.
     */
    private void checkConflict(DnsMessage response, InetSocketAddress source, Advertisement advertised) {
        if (interfaces.stream().anyMatch(i -> i.addresses().contains(source.getAddress()))) {
            return; // this machine: our own datagrams (an older announcement may come back after a change)
        }
        List<DnsRecord> ours = records(advertised, interfaces.isEmpty() ? null : interfaces.get(0));
        List<DnsRecord> theirs = new ArrayList<>(response.answers());
        theirs.addAll(response.additionals());
        for (DnsRecord record : theirs) {
            boolean claim = record.ttl() > 0 && record.type() == DnsRecord.SRV;
            if (claim && ours.stream().anyMatch(o -> o.type() == DnsRecord.SRV && o.name().equals(record.name()))
                    && ours.stream().noneMatch(record::sameData)) {
                if (!mayRename()) {
                    LOG.debug("mDNS: {} also advertises \"{}\"; too many conflicts lately, keeping the name for now",
                            source.getAddress().getHostAddress(), advertised.instance());
                    return;
                }
                LOG.warn("mDNS: {} also advertises \"{}\"; taking another name", source.getAddress().getHostAddress(),
                        advertised.instance());
                number++;
                Advertisement base = wanted;
                if (base != null) {
                    change(base.numbered(number), interfaces);
                }
                return;
            }
        }
    }

    /**
     * Whether to take another name now: always, until {@link #MAX_CONFLICTS} renames within {@link #CONFLICT_WINDOW};
     * then one every {@link #CONFLICT_BACKOFF}, so a device (or a spoofer) repeating its claim cannot rename us
     * again and again.
     */
    private boolean mayRename() {
        Instant now = clock.now();
        while (!renames.isEmpty() && !renames.peekFirst().plus(CONFLICT_WINDOW).isAfter(now)) {
            renames.removeFirst();
        }
        Instant last = renames.peekLast();
        if (renames.size() >= MAX_CONFLICTS && last != null && last.plus(CONFLICT_BACKOFF).isAfter(now)) {
            return false;
        }
        renames.addLast(now);
        if (renames.size() == MAX_CONFLICTS) {
            LOG.warn("mDNS: {} name conflicts within {} s; taking another name at most every {} s", MAX_CONFLICTS,
                    CONFLICT_WINDOW.toSeconds(), CONFLICT_BACKOFF.toSeconds());
        }
        return true;
    }

    private void send(LocalInterface via, List<DnsRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        try {
            link.multicast(DnsMessage.response(records, List.of()).toBytes(), via);
            sentNow(via, records);
        } catch (IOException e) {
            LOG.debug("mDNS: could not send on {}: {}", via.name(), e.getMessage());
        }
    }

    /** Whether the record went out on this interface less than a second ago (a flood of queries gets one answer a second). */
    private boolean sentLately(LocalInterface via, DnsRecord record) {
        Instant last = multicastAt.get(key(via, record));
        return last != null && last.plus(REPEAT).isAfter(clock.now());
    }

    private void sentNow(LocalInterface via, List<DnsRecord> records) {
        Instant now = clock.now();
        if (multicastAt.size() > 1000) {
            multicastAt.values().removeIf(at -> !at.plus(REPEAT).isAfter(now));
        }
        records.forEach(record -> multicastAt.put(key(via, record), now));
    }

    private static String key(LocalInterface via, DnsRecord record) {
        return via.name() + " " + record.name() + " " + record.type() + " " + record.ttl() + " "
                + HexFormat.of().formatHex(record.data());
    }

    private static List<DnsRecord> records(@Nullable Advertisement advertisement, @Nullable LocalInterface via) {
        return advertisement == null || via == null ? List.of() : advertisement.records(via.addresses());
    }

    private static @Nullable LocalInterface named(List<LocalInterface> interfaces, String name) {
        return interfaces.stream().filter(i -> i.name().equals(name)).findFirst().orElse(null);
    }
}
