package nightjar.mdns.internal;

import static nightjar.mdns.internal.DnsTesting.ipv4;
import static nightjar.mdns.internal.DnsTesting.parse;
import static nightjar.mdns.internal.DnsTesting.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import nightjar.tasks.testing.ManualTaskClock;

class ResponderTest {
    private static final DnsName HTTPS = DnsName.of("_https._tcp.local");
    private static final DnsName RTSPS = DnsName.of("_rtsps._tcp.local");
    private static final DnsName HOST = DnsName.of("pi.local");
    private static final Inet4Address ADDRESS = ipv4("10.0.0.5");
    private static final LocalInterface ETH0 = new LocalInterface("eth0", List.of(new LocalInterface.Subnet(ADDRESS, 24)));
    private static final InetSocketAddress PHONE = new InetSocketAddress(ipv4("10.0.0.9"), 5353);

    private final ManualTaskClock clock = new ManualTaskClock(Instant.parse("2026-12-05T08:00:00Z"));
    private final List<Sent> sent = new ArrayList<>();
    private final Responder responder = new Responder(new Responder.Link() {
        @Override
        public void multicast(byte[] message, LocalInterface via) {
            sent.add(new Sent(via.name(), null, parse(message)));
        }

        @Override
        public void unicast(byte[] message, InetSocketAddress to) {
            sent.add(new Sent(null, to, parse(message)));
        }
    }, clock);

    record Sent(String via, InetSocketAddress to, DnsMessage message) {
    }

    static Advertisement advertisement(int httpsPort, boolean ownsHost, Advertisement.Service... more) {
        List<Advertisement.Service> services = new ArrayList<>(List.of(new Advertisement.Service("_https._tcp", httpsPort, List.of("path=/"))));
        services.addAll(List.of(more));
        return new Advertisement("Nightjar pi", HOST, ownsHost, services);
    }

    @Test
    void everythingIsAnnouncedTwiceASecondApartThenNothing() {
        responder.advertise(advertisement(8443, true), List.of(ETH0));

        assertEquals(1, sent.size());
        Set<String> first = summary(sent.get(0).message().answers());
        assertEquals(Set.of("_services._dns-sd._udp.local PTR 4500", "_https._tcp.local PTR 4500",
                "Nightjar pi._https._tcp.local SRV 120", "Nightjar pi._https._tcp.local TXT 4500", "pi.local A 120"), first);
        assertEquals("eth0", sent.get(0).via());
        assertEquals(Duration.ofSeconds(1), clock.runNext());
        assertEquals(2, sent.size());
        assertEquals(first, summary(sent.get(1).message().answers()));
        assertEquals(0, clock.pending());
        responder.advertise(advertisement(8443, true), List.of(ETH0));
        assertEquals(2, sent.size(), "the same again sends nothing");
    }

    @Test
    void aNewPortIsAnnouncedAndTheOldSaidGoodbyeTo() {
        responder.advertise(advertisement(8443, true), List.of(ETH0));
        clock.runNext();
        sent.clear();

        responder.advertise(advertisement(9443, true), List.of(ETH0));

        List<DnsRecord> records = sent.get(0).message().answers();
        assertEquals(Set.of("Nightjar pi._https._tcp.local SRV 120", "Nightjar pi._https._tcp.local SRV 0"), summary(records));
        assertEquals(9443, port(records.stream().filter(r -> r.ttl() > 0).findFirst().orElseThrow()));
        assertEquals(8443, port(records.stream().filter(r -> r.ttl() == 0).findFirst().orElseThrow()));
        clock.runNext();
        assertEquals(Set.of("Nightjar pi._https._tcp.local SRV 120"), summary(sent.get(1).message().answers()));
    }

    @Test
    void theRtspServerComingAndGoingIsAnnouncedAndSaidGoodbyeTo() {
        responder.advertise(advertisement(8443, true), List.of(ETH0));
        sent.clear();
        Advertisement.Service rtsps = new Advertisement.Service("_rtsps._tcp", 8322, List.of());
        responder.advertise(advertisement(8443, true, rtsps), List.of(ETH0));
        assertEquals(Set.of("_services._dns-sd._udp.local PTR 4500", "_rtsps._tcp.local PTR 4500",
                "Nightjar pi._rtsps._tcp.local SRV 120", "Nightjar pi._rtsps._tcp.local TXT 4500"),
                summary(sent.get(0).message().answers()));
        sent.clear();
        responder.advertise(advertisement(8443, true), List.of(ETH0));
        assertEquals(Set.of("_services._dns-sd._udp.local PTR 0", "_rtsps._tcp.local PTR 0",
                "Nightjar pi._rtsps._tcp.local SRV 0", "Nightjar pi._rtsps._tcp.local TXT 0"),
                summary(sent.get(0).message().answers()));
        assertEquals(RTSPS.prefixed("Nightjar pi"), sent.get(0).message().answers().stream()
                .filter(r -> r.name().equals(RTSPS)).findFirst().orElseThrow().target());
    }

    @Test
    void stoppingSaysGoodbyeToEveryRecordAndCancelsTheRepeat() {
        responder.advertise(advertisement(8443, true), List.of(ETH0));
        sent.clear();

        responder.advertise(null, List.of());

        assertEquals(1, sent.size());
        List<DnsRecord> goodbyes = sent.get(0).message().answers();
        assertEquals(5, goodbyes.size());
        assertTrue(goodbyes.stream().allMatch(r -> r.ttl() == 0), goodbyes.toString());
        assertEquals(0, clock.pending(), "no announcement after the goodbye");
    }

    @Test
    void whenAvahiTakesTheHostNameItsAddressIsLeftWithoutAGoodbye() {
        responder.advertise(advertisement(8443, true), List.of(ETH0));
        clock.runNext();
        sent.clear();

        responder.advertise(advertisement(8443, false), List.of(ETH0));

        assertEquals(List.of(), sent, "a goodbye for pi.local would make clients forget avahi's identical record");
    }

    @Test
    void aBrowseIsAnsweredWithTheInstanceAndWhatResolvingItNeeds() {
        advertisedAWhileAgo(advertisement(8443, true));

        responder.received(query(0, new DnsMessage.Question(HTTPS, DnsRecord.PTR, false)), PHONE);

        DnsMessage answer = sent.get(0).message();
        assertEquals("eth0", sent.get(0).via(), "multicast");
        assertEquals(Set.of("_https._tcp.local PTR 4500"), summary(answer.answers()));
        assertEquals(Set.of("Nightjar pi._https._tcp.local SRV 120", "Nightjar pi._https._tcp.local TXT 4500",
                "pi.local A 120"), summary(answer.additionals()));
    }

    @Test
    void aFloodOfQueriesGetsOneMulticastAnswerASecond() {
        advertisedAWhileAgo(advertisement(8443, true));
        byte[] browse = query(0, new DnsMessage.Question(HTTPS, DnsRecord.PTR, false));

        for (int i = 0; i < 100; i++) {
            responder.received(browse, PHONE);
        }
        assertEquals(1, sent.size());
        clock.advance(Duration.ofMillis(999));
        responder.received(browse, PHONE);
        assertEquals(1, sent.size());
        clock.advance(Duration.ofMillis(1));
        responder.received(browse, PHONE);
        assertEquals(2, sent.size());
    }

    @Test
    void whatTheQuerierKnowsIsNotSentAgain() {
        advertisedAWhileAgo(advertisement(8443, true));
        DnsRecord known = DnsRecord.ptr(HTTPS, HTTPS.prefixed("Nightjar pi"));
        byte[] query = new DnsMessage(0, 0, List.of(new DnsMessage.Question(HTTPS, DnsRecord.PTR, false)),
                List.of(known.withTtl(4000)), List.of()).toBytes();

        responder.received(query, PHONE);
        assertEquals(List.of(), sent);

        byte[] stale = new DnsMessage(0, 0, List.of(new DnsMessage.Question(HTTPS, DnsRecord.PTR, false)),
                List.of(known.withTtl(100)), List.of()).toBytes();
        responder.received(stale, PHONE);
        assertEquals(1, sent.size(), "a record near its end is sent again");
    }

    @Test
    void theHostNameIsAnsweredWhenOursAndNotWhenAvahis() {
        advertisedAWhileAgo(advertisement(8443, true));
        responder.received(query(0, new DnsMessage.Question(DnsName.of("PI.local"), DnsRecord.A, false)), PHONE);
        assertEquals(Set.of("pi.local A 120"), summary(sent.get(0).message().answers()));

        responder.advertise(advertisement(8443, false), List.of(ETH0));
        sent.clear();
        responder.received(query(0, new DnsMessage.Question(HOST, DnsRecord.A, false)), PHONE);
        assertEquals(List.of(), sent);
    }

    @Test
    void aQuestionForUnicastAndALegacyQueryAreAnsweredToTheSender() {
        responder.advertise(advertisement(8443, true), List.of(ETH0));
        sent.clear();

        responder.received(query(0, new DnsMessage.Question(HTTPS, DnsRecord.PTR, true)), PHONE);
        assertEquals(PHONE, sent.get(0).to());

        InetSocketAddress legacy = new InetSocketAddress(ipv4("10.0.0.9"), 40000);
        responder.received(query(4711, new DnsMessage.Question(HTTPS.prefixed("Nightjar pi"), DnsRecord.SRV, false)), legacy);
        Sent reply = sent.get(1);
        assertEquals(legacy, reply.to());
        assertEquals(4711, reply.message().id(), "RFC 6762 §6.7: the query's id");
        assertEquals(1, reply.message().questions().size(), "and its question");
        assertEquals(Set.of("Nightjar pi._https._tcp.local SRV 10"), summary(reply.message().answers()));
        assertTrue(reply.message().answers().stream().noneMatch(DnsRecord::unique), "no cache-flush bit");
    }

    @Test
    void queriesFromAnotherLinkOrBrokenOnesAreNotAnswered() {
        responder.advertise(advertisement(8443, true), List.of(ETH0));
        sent.clear();
        responder.received(query(0, new DnsMessage.Question(HTTPS, DnsRecord.PTR, false)),
                new InetSocketAddress(ipv4("192.168.9.9"), 5353));
        responder.received(new byte[] {1, 2, 3}, PHONE);
        responder.received(query(0, new DnsMessage.Question(DnsName.of("_ipp._tcp.local"), DnsRecord.PTR, false)), PHONE);
        assertEquals(List.of(), sent);
    }

    @Test
    void anotherDeviceWithOurNameMakesUsTakeTheNextNumber() {
        responder.advertise(advertisement(8443, true), List.of(ETH0));
        clock.runNext();
        sent.clear();
        DnsName theirs = HTTPS.prefixed("Nightjar pi");
        byte[] claim = DnsMessage.response(List.of(DnsRecord.srv(theirs, 443, DnsName.of("other.local"))), List.of()).toBytes();

        responder.received(claim, new InetSocketAddress(ADDRESS, 5353));
        assertEquals(List.of(), sent, "our own address: an echo of ours, never a conflict");
        responder.received(claim, PHONE);

        assertEquals("Nightjar pi (2)", responder.current().instance());
        Set<String> records = summary(sent.get(0).message().answers());
        assertTrue(records.contains("Nightjar pi (2)._https._tcp.local SRV 120"), records.toString());
        assertTrue(records.contains("Nightjar pi._https._tcp.local SRV 0"), records.toString());
        responder.advertise(advertisement(9443, true), List.of(ETH0));
        assertEquals("Nightjar pi (2)", responder.current().instance(), "the number stays with later changes");
    }

    @Test
    void aClaimFromAnotherLinkIsNoConflict() {
        responder.advertise(advertisement(8443, true), List.of(ETH0));
        clock.runNext();
        byte[] claim = DnsMessage.response(List.of(DnsRecord.srv(HTTPS.prefixed("Nightjar pi"), 443, DnsName.of("other.local"))),
                List.of()).toBytes();

        responder.received(claim, new InetSocketAddress(ipv4("192.168.9.9"), 5353));

        assertEquals("Nightjar pi", responder.current().instance());
    }

    /** Reviewer's item 2: a legacy query whose questions the reply would repeat in full, "from" a neighbour. */
    @Test
    void aLegacyQueryWithManyQuestionsFromASpoofedAddressGetsNoLargeReply() {
        advertisedAWhileAgo(advertisement(8443, true));
        InetSocketAddress victim = new InetSocketAddress(ipv4("10.0.0.77"), 40000);
        byte[] query = legacyQueryWithManyQuestions();

        responder.received(query, victim);

        int replied = sent.stream().filter(s -> victim.equals(s.to())).mapToInt(s -> s.message().toBytes().length).sum();
        assertTrue(replied <= 1024, query.length + "-byte query, " + replied + " bytes sent to " + victim);
    }

    @Test
    void aLegacyQueryIsAnsweredWithItsOneQuestionAndTheAnswers() {
        advertisedAWhileAgo(advertisement(8443, true));
        InetSocketAddress legacy = new InetSocketAddress(ipv4("10.0.0.9"), 40000);
        DnsMessage.Question srv = new DnsMessage.Question(HTTPS.prefixed("Nightjar pi"), DnsRecord.SRV, false);

        responder.received(query(9, srv), legacy);

        assertEquals(List.of(srv), sent.get(0).message().questions());
        assertEquals(Set.of("Nightjar pi._https._tcp.local SRV 10"), summary(sent.get(0).message().answers()));
    }

    @Test
    void unicastRepliesToOneAddressAreLimitedPerSecond() {
        advertisedAWhileAgo(advertisement(8443, true));
        InetSocketAddress legacy = new InetSocketAddress(ipv4("10.0.0.77"), 40000);
        byte[] query = query(1, new DnsMessage.Question(HTTPS.prefixed("Nightjar pi"), DnsRecord.SRV, false));

        for (int i = 0; i < 100; i++) {
            responder.received(query, legacy);
        }
        assertEquals(Responder.UNICAST_REPLIES_PER_SECOND, sent.size());
        responder.received(query, new InetSocketAddress(ipv4("10.0.0.78"), 40000));
        assertEquals(Responder.UNICAST_REPLIES_PER_SECOND + 1, sent.size(), "another address has its own budget");
        clock.advance(Duration.ofSeconds(1));
        responder.received(query, legacy);
        assertEquals(Responder.UNICAST_REPLIES_PER_SECOND + 2, sent.size());
    }

    @Test
    void aQuestionForUnicastOverTheLimitIsAnsweredByMulticast() {
        advertisedAWhileAgo(advertisement(8443, true));
        byte[] query = query(0, new DnsMessage.Question(HTTPS, DnsRecord.PTR, true));

        for (int i = 0; i < 100; i++) {
            responder.received(query, PHONE);
        }
        assertEquals(Responder.UNICAST_REPLIES_PER_SECOND, sent.stream().filter(s -> PHONE.equals(s.to())).count());
        assertEquals(1, sent.stream().filter(s -> "eth0".equals(s.via())).count(), "then once by multicast");
    }

    /**
     * A spoofer repeating a claim for whatever name we take: 15 names within 10 s, then one more every 5 s
     * at most (RFC 6762 §8.1).
     */
    @Test
    void repeatedConflictsBackOff() {
        responder.advertise(advertisement(8443, true), List.of(ETH0));
        clock.runNext();

        for (int i = 0; i < 100; i++) {
            claimCurrentName();
        }
        assertEquals("Nightjar pi (16)", responder.current().instance());
        clock.advance(Duration.ofMillis(4999));
        claimCurrentName();
        assertEquals("Nightjar pi (16)", responder.current().instance());
        clock.advance(Duration.ofMillis(1));
        claimCurrentName();
        claimCurrentName();
        assertEquals("Nightjar pi (17)", responder.current().instance());
        clock.advance(Duration.ofSeconds(11));
        claimCurrentName();
        assertEquals("Nightjar pi (18)", responder.current().instance(), "a quiet 10 s: the next conflict is acted on at once");
    }

    private void claimCurrentName() {
        DnsName ours = HTTPS.prefixed(responder.current().instance());
        responder.received(DnsMessage.response(List.of(DnsRecord.srv(ours, 443, DnsName.of("other.local"))), List.of())
                .toBytes(), PHONE);
    }

    /** Our SRV asked for, then 63 questions pointing at a 255-byte name the reply would write out in full each time. */
    static byte[] legacyQueryWithManyQuestions() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 1, 0, 0, 0, 64, 0, 0, 0, 0, 0, 0});
        out.writeBytes(DnsRecord.encode(HTTPS.prefixed("Nightjar pi")));
        out.writeBytes(new byte[] {0, 33, 0, 1});
        int longName = out.size();
        out.writeBytes(DnsRecord.encode(new DnsName(List.of("x".repeat(63), "x".repeat(63), "x".repeat(63), "x".repeat(59)))));
        out.writeBytes(new byte[] {0, 1, 0, 1});
        for (int i = 2; i < 64; i++) {
            out.writeBytes(new byte[] {(byte) (0xc0 | longName >> 8), (byte) longName, 0, 1, 0, 1});
        }
        return out.toByteArray();
    }

    /** Announced (twice), and more than a second since: a query is answered by multicast. */
    private void advertisedAWhileAgo(Advertisement advertisement) {
        responder.advertise(advertisement, List.of(ETH0));
        clock.runNext();
        clock.advance(Duration.ofSeconds(5));
        sent.clear();
    }

    private static byte[] query(int id, DnsMessage.Question question) {
        return new DnsMessage(id, 0, List.of(question), List.of(), List.of()).toBytes();
    }

    private static Set<String> summary(List<DnsRecord> records) {
        return records.stream().map(r -> r.name() + " " + typeName(r.type()) + " " + r.ttl()).collect(Collectors.toSet());
    }

    private static String typeName(int type) {
        return switch (type) {
            case DnsRecord.A -> "A";
            case DnsRecord.PTR -> "PTR";
            case DnsRecord.TXT -> "TXT";
            case DnsRecord.SRV -> "SRV";
            default -> String.valueOf(type);
        };
    }
}
