package nightjar.mdns.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class DnsMessageTest {
    private static final DnsName HTTPS = DnsName.of("_https._tcp.local");
    private static final DnsName INSTANCE = HTTPS.prefixed("Nightjar v1.2 front door");
    private static final DnsName HOST = DnsName.of("pi.local");

    @Test
    void aResponseReadsBackAsWritten() throws Exception {
        Inet4Address address = (Inet4Address) InetAddress.getByName("192.168.1.20");
        List<DnsRecord> answers = List.of(DnsRecord.ptr(HTTPS, INSTANCE), DnsRecord.srv(INSTANCE, 8443, HOST));
        List<DnsRecord> additionals = List.of(DnsRecord.txt(INSTANCE, List.of("path=/")), DnsRecord.a(HOST, address));

        DnsMessage read = DnsMessage.parse(DnsMessage.response(answers, additionals).toBytes());

        assertTrue(read.isResponse());
        assertEquals(answers, read.answers());
        assertEquals(additionals, read.additionals());
        assertEquals(INSTANCE, read.answers().get(0).target(), "a dot inside the instance label stays in its label");
        assertEquals(List.of("Nightjar v1.2 front door", "_https", "_tcp", "local"), read.answers().get(0).target().labels());
        assertEquals(HOST, read.answers().get(1).target());
        assertTrue(read.answers().get(1).unique(), "SRV has the cache-flush bit");
        assertFalse(read.answers().get(0).unique(), "PTR is shared");
    }

    @Test
    void compressedNamesInQuestionsAndRecordDataAreReadInFull() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 7, 0, 0, 0, 2, 0, 1, 0, 0, 0, 0}); // id 7, query, 2 questions, 1 known answer
        out.writeBytes(DnsRecord.encode(HTTPS)); // at 12
        out.writeBytes(new byte[] {0, 12, (byte) 0x80, 1}); // PTR, QU
        out.writeBytes(new byte[] {2, 'p', 'i', (byte) 0xc0, 24}); // "pi" + pointer to "local" inside the first name
        out.writeBytes(new byte[] {0, 1, 0, 1}); // A, IN
        out.writeBytes(new byte[] {(byte) 0xc0, 12, 0, 12, 0, 1, 0, 0, 0x11, (byte) 0x94, 0, 5}); // known answer: PTR
        out.writeBytes(new byte[] {2, 'x', 'y', (byte) 0xc0, 12}); // "xy" + pointer to _https._tcp.local

        DnsMessage query = DnsMessage.parse(out.toByteArray());

        assertTrue(query.isStandardQuery());
        assertEquals(7, query.id());
        assertEquals(new DnsMessage.Question(HTTPS, DnsRecord.PTR, true), query.questions().get(0));
        assertEquals(new DnsMessage.Question(HOST, DnsRecord.A, false), query.questions().get(1));
        assertEquals(HTTPS.prefixed("xy"), query.answers().get(0).target());
        assertEquals(4500, query.answers().get(0).ttl());
    }

    @Test
    void namesCompareWithoutCase() {
        assertEquals(DnsName.of("PI.Local"), HOST);
        assertEquals(DnsName.of("PI.Local").hashCode(), HOST.hashCode());
    }

    @Test
    void brokenDatagramsAreRefusedWithAReason() {
        byte[] good = DnsMessage.response(List.of(DnsRecord.srv(INSTANCE, 8443, HOST)), List.of()).toBytes();
        for (int length = 0; length < good.length; length++) {
            byte[] cut = Arrays.copyOf(good, length);
            assertThrows(DnsMessage.MalformedException.class, () -> DnsMessage.parse(cut), "cut at " + length);
        }
        byte[] loop = {0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 12, 0, 1, 0, 1};
        assertThrows(DnsMessage.MalformedException.class, () -> DnsMessage.parse(loop));
        byte[] badLabel = {0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0x40, 'a', 0, 0, 1, 0, 1};
        assertThrows(DnsMessage.MalformedException.class, () -> DnsMessage.parse(badLabel));
        byte[] root = {0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1};
        assertThrows(DnsMessage.MalformedException.class, () -> DnsMessage.parse(root));
    }

    @Test
    void anEmptyTxtIsOneEmptyString() {
        assertArrayEquals(new byte[] {0}, DnsRecord.txt(INSTANCE, List.of()).data());
        assertArrayEquals(new byte[] {6, 'p', 'a', 't', 'h', '=', '/'}, DnsRecord.txt(INSTANCE, List.of("path=/")).data());
    }

    @Test
    void aLabelOfMoreThan63BytesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> HTTPS.prefixed("x".repeat(64)));
    }

    /** The reviewer's packet: 764 questions, each naming a chain of 2,200 one-byte labels (8,995 bytes). */
    static byte[] questionsPointingAtALongChain(int questions) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 0, 0, (byte) (questions >> 8), (byte) questions, 0, 0, 0, 0, 0, 0});
        for (int i = 0; i < 2200; i++) {
            out.writeBytes(new byte[] {1, 'a'}); // at 12: the chain, as the first question's name
        }
        out.writeBytes(new byte[] {0, 0, 1, 0, 1});
        for (int i = 1; i < questions; i++) {
            out.writeBytes(new byte[] {(byte) 0xc0, 12, 0, 1, 0, 1});
        }
        return out.toByteArray();
    }

    /** 64 questions, each a 63-byte label in front of a pointer to the question before: names grow to 4 KB. */
    static byte[] aLongPointerChain() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 0, 0, 0, 64, 0, 0, 0, 0, 0, 0});
        byte[] label = new byte[64];
        label[0] = 63;
        Arrays.fill(label, 1, 64, (byte) 'x');
        int previous = -1;
        for (int i = 0; i < 64; i++) {
            int start = out.size();
            out.writeBytes(label);
            out.writeBytes(previous < 0 ? new byte[] {0} : new byte[] {(byte) (0xc0 | previous >> 8), (byte) previous});
            out.writeBytes(new byte[] {0, 1, 0, 1});
            previous = start;
        }
        return out.toByteArray();
    }

    @Test
    void aNameOfMoreThan255BytesIsRefusedHoweverItIsMadeUp() {
        byte[] chain = questionsPointingAtALongChain(764);
        assertEquals(8995, chain.length);
        assertThrows(DnsMessage.MalformedException.class, () -> DnsMessage.parse(chain));
        byte[] oneQuestion = questionsPointingAtALongChain(1);
        DnsMessage.MalformedException refused = assertThrows(DnsMessage.MalformedException.class, () -> DnsMessage.parse(oneQuestion));
        assertTrue(refused.getMessage().contains("255"), refused.getMessage());
        assertThrows(DnsMessage.MalformedException.class, () -> DnsMessage.parse(aLongPointerChain()));
    }

    @Test
    void aNameOf255BytesIsRead() throws Exception {
        List<String> labels = new java.util.ArrayList<>(List.of("x".repeat(63), "x".repeat(63), "x".repeat(63), "x".repeat(61)));
        DnsName longest = new DnsName(labels); // 3 * 64 + 62 + 1 = 255 bytes written out
        assertEquals(255, DnsRecord.encode(longest).length);
        byte[] query = new DnsMessage(0, 0, List.of(new DnsMessage.Question(longest, DnsRecord.A, false)), List.of(), List.of()).toBytes();
        assertEquals(longest, DnsMessage.parse(query).questions().get(0).name());
        labels.set(3, "x".repeat(62));
        byte[] tooLong = new DnsMessage(0, 0, List.of(new DnsMessage.Question(new DnsName(labels), DnsRecord.A, false)),
                List.of(), List.of()).toBytes();
        assertThrows(DnsMessage.MalformedException.class, () -> DnsMessage.parse(tooLong));
    }

    @Test
    void aQueryOfMoreThan64QuestionsIsRefusedAndRecordsPast64AreNotRead() throws Exception {
        DnsMessage.Question question = new DnsMessage.Question(HOST, DnsRecord.A, false);
        byte[] many = new DnsMessage(0, 0, java.util.Collections.nCopies(65, question), List.of(), List.of()).toBytes();
        assertThrows(DnsMessage.MalformedException.class, () -> DnsMessage.parse(many));
        byte[] enough = new DnsMessage(0, 0, java.util.Collections.nCopies(64, question), List.of(), List.of()).toBytes();
        assertEquals(64, DnsMessage.parse(enough).questions().size());

        DnsRecord known = DnsRecord.ptr(HTTPS, INSTANCE);
        byte[] knownAnswers = new DnsMessage(0, 0, List.of(question), java.util.Collections.nCopies(100, known),
                java.util.Collections.nCopies(10, known)).toBytes();
        DnsMessage read = DnsMessage.parse(knownAnswers);
        assertEquals(64, read.answers().size());
        assertEquals(List.of(), read.additionals());
    }
}
