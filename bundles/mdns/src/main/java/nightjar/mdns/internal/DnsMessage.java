package nightjar.mdns.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A DNS message as mDNS uses it (RFC 1035 §4, RFC 6762 §18): read from a datagram, where names may be
 * compressed, and written with names in full (our answers are a few hundred bytes).
 */
record DnsMessage(int id, int flags, List<Question> questions, List<DnsRecord> answers, List<DnsRecord> additionals) {
    /** QR: a response; AA: authoritative, which every mDNS response is. */
    static final int RESPONSE_FLAGS = 0x8400;
    private static final int QR = 0x8000;
    private static final int OPCODE = 0x7800;
    private static final int CLASS_IN = 1;
    private static final int TOP_BIT = 0x8000;
    /** More jumps than a datagram can hold names: a loop. */
    private static final int MAX_POINTERS = 64;
    /** RFC 1035 §3.1: a name written out, length bytes and the final zero included (so at most 127 labels). */
    static final int MAX_NAME_BYTES = 255;
    /**
     * More questions than any querier asks in one datagram; with the cap on records below, what one datagram
     * costs to read stays small (a name is read at most 64 + 128 times, each at most 255 bytes).
     */
    static final int MAX_QUESTIONS = 64;
    /** Records read from one datagram; known answers past these are left unread (at worst we answer them again). */
    static final int MAX_RECORDS = 64;

    /** A question; {@code unicastResponse} is mDNS's QU bit. */
    record Question(DnsName name, int type, boolean unicastResponse) {
    }

    /** The datagram is not a DNS message we can read; nothing is answered. */
    static final class MalformedException extends Exception {
        MalformedException(String message) {
            super(message);
        }
    }

    record NameAt(DnsName name, int end) {
    }

    static DnsMessage response(List<DnsRecord> answers, List<DnsRecord> additionals) {
        return new DnsMessage(0, RESPONSE_FLAGS, List.of(), answers, additionals);
    }

    boolean isResponse() {
        return (flags & QR) != 0;
    }

    /** A standard query (opcode 0); mDNS ignores the others (RFC 6762 §18.3). */
    boolean isStandardQuery() {
        return !isResponse() && (flags & OPCODE) == 0;
    }

    static DnsMessage parse(byte[] datagram) throws MalformedException {
        Reader reader = new Reader(datagram);
        int id = reader.u16();
        int flags = reader.u16();
        int questionCount = reader.u16();
        int answerCount = reader.u16();
        int authorityCount = reader.u16();
        int additionalCount = reader.u16();
        if (questionCount > MAX_QUESTIONS) {
            throw new MalformedException(questionCount + " questions, more than " + MAX_QUESTIONS);
        }
        List<Question> questions = new ArrayList<>();
        for (int i = 0; i < questionCount; i++) {
            DnsName name = reader.name();
            int type = reader.u16();
            int klass = reader.u16();
            if ((klass & ~TOP_BIT) == CLASS_IN || (klass & ~TOP_BIT) == DnsRecord.ANY) {
                questions.add(new Question(name, type, (klass & TOP_BIT) != 0));
            }
        }
        List<DnsRecord> answers = reader.records(answerCount);
        reader.records(authorityCount);
        List<DnsRecord> additionals = reader.records(additionalCount);
        return new DnsMessage(id, flags, questions, answers, additionals);
    }

    byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        writeShort(out, id);
        writeShort(out, flags);
        writeShort(out, questions.size());
        writeShort(out, answers.size());
        writeShort(out, 0);
        writeShort(out, additionals.size());
        for (Question question : questions) {
            out.writeBytes(DnsRecord.encode(question.name()));
            writeShort(out, question.type());
            writeShort(out, CLASS_IN | (question.unicastResponse() ? TOP_BIT : 0));
        }
        for (DnsRecord record : answers) {
            write(out, record);
        }
        for (DnsRecord record : additionals) {
            write(out, record);
        }
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, DnsRecord record) {
        out.writeBytes(DnsRecord.encode(record.name()));
        writeShort(out, record.type());
        writeShort(out, CLASS_IN | (record.unique() ? TOP_BIT : 0));
        writeShort(out, (int) (record.ttl() >> 16));
        writeShort(out, (int) record.ttl());
        writeShort(out, record.data().length);
        out.writeBytes(record.data());
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value >> 8);
        out.write(value);
    }

    /** The (possibly compressed) name at {@code offset} of {@code message}, and where it ends there. */
    static NameAt readName(byte[] message, int offset) throws MalformedException {
        List<String> labels = new ArrayList<>();
        int bytes = 1; // the final zero
        int position = offset;
        int end = -1;
        for (int jumps = 0; ; ) {
            if (position >= message.length) {
                throw new MalformedException("a name runs past the end at " + position);
            }
            int length = message[position] & 0xff;
            if (length == 0) {
                position++;
                break;
            }
            if ((length & 0xc0) == 0xc0) {
                if (position + 1 >= message.length || ++jumps > MAX_POINTERS) {
                    throw new MalformedException("a name's pointer at " + position + " is cut short or loops");
                }
                if (end < 0) {
                    end = position + 2;
                }
                position = ((length & 0x3f) << 8) | (message[position + 1] & 0xff);
                continue;
            }
            if ((length & 0xc0) != 0) {
                throw new MalformedException("unknown label type at " + position);
            }
            if (position + 1 + length > message.length) {
                throw new MalformedException("a label runs past the end at " + position);
            }
            bytes += 1 + length;
            if (bytes > MAX_NAME_BYTES) {
                throw new MalformedException("a name at " + offset + " is longer than " + MAX_NAME_BYTES + " bytes");
            }
            labels.add(new String(message, position + 1, length, StandardCharsets.UTF_8));
            position += 1 + length;
        }
        if (labels.isEmpty()) {
            throw new MalformedException("the root name is asked for or named at " + offset);
        }
        try {
            return new NameAt(new DnsName(labels), end < 0 ? position : end);
        } catch (IllegalArgumentException e) {
            throw new MalformedException(e.getMessage());
        }
    }

    private static final class Reader {
        private final byte[] message;
        private int position;
        private int recordsLeft = MAX_RECORDS;

        Reader(byte[] message) {
            this.message = message;
        }

        int u16() throws MalformedException {
            need(2);
            int value = ((message[position] & 0xff) << 8) | (message[position + 1] & 0xff);
            position += 2;
            return value;
        }

        long u32() throws MalformedException {
            return ((long) u16() << 16) | u16();
        }

        DnsName name() throws MalformedException {
            NameAt name = readName(message, position);
            position = name.end();
            return name.name();
        }

        List<DnsRecord> records(int count) throws MalformedException {
            List<DnsRecord> records = new ArrayList<>();
            for (int i = 0; i < count && recordsLeft > 0; i++, recordsLeft--) {
                DnsName name = name();
                int type = u16();
                int klass = u16();
                long ttl = u32();
                int length = u16();
                need(length);
                int start = position;
                position += length;
                if ((klass & ~TOP_BIT) != CLASS_IN) {
                    continue;
                }
                records.add(new DnsRecord(name, type, (klass & TOP_BIT) != 0, ttl, data(type, start, length)));
            }
            return records;
        }

        /** The record's data with any names in it written out in full, so records compare by bytes. */
        private byte[] data(int type, int start, int length) throws MalformedException {
            if (type == DnsRecord.PTR) {
                return DnsRecord.encode(readName(message, start).name());
            }
            if (type == DnsRecord.SRV && length > 6) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(message, start, 6);
                out.writeBytes(DnsRecord.encode(readName(message, start + 6).name()));
                return out.toByteArray();
            }
            byte[] data = new byte[length];
            System.arraycopy(message, start, data, 0, length);
            return data;
        }

        private void need(int bytes) throws MalformedException {
            if (position + bytes > message.length) {
                throw new MalformedException("the message ends at " + message.length + ", before " + (position + bytes));
            }
        }
    }
}
