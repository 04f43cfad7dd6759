package nightjar.mqtt.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts accepted for the broker and not yet acknowledged, one file per message in a directory,
 * oldest first. A message is on disk (written to a temporary file, forced, then renamed) before
 * {@link #add} returns, so a crash loses nothing accepted; it is deleted when the broker has
 * acknowledged it. Bounded by count and bytes: when full, the oldest are dropped.
 *
 * <p>Confined to one thread (the bridge's executor).
 */
final class AlertQueue {
    private static final Logger LOG = LoggerFactory.getLogger(AlertQueue.class);
    private static final int MAGIC = 0x4e4a4d31; // "NJM1"
    private static final String SUFFIX = ".msg";

    /** One queued message. */
    record Alert(long sequence, String topic, byte[] payload, boolean retained) {
    }

    private record Entry(long sequence, long bytes) {
    }

    private final Path directory;
    private final int maxCount;
    private final long maxBytes;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private long bytes;
    private long nextSequence = 1;
    private long dropped;
    /** The count, readable from any thread (the status service). */
    private volatile int size;

    AlertQueue(Path directory, int maxCount, long maxBytes) throws IOException {
        if (maxCount < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("the alert buffer needs room for one message");
        }
        this.directory = Files.createDirectories(directory);
        this.maxCount = maxCount;
        this.maxBytes = maxBytes;
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(SUFFIX)) {
                    Files.deleteIfExists(file); // a write a crash interrupted: it was never accepted
                    continue;
                }
                long sequence = Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
                entries.add(new Entry(sequence, Files.size(file)));
                bytes += Files.size(file);
                nextSequence = Math.max(nextSequence, sequence + 1);
            }
        } catch (NumberFormatException e) {
            throw new IOException("unexpected file in " + directory + ": " + e.getMessage(), e);
        }
        size = entries.size();
        trim();
    }

    /** Writes the message to disk; when the buffer is full the oldest messages make room. */
    void add(String topic, byte[] payload, boolean retained) throws IOException {
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(payload.length + topicBytes.length + 16);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeInt(MAGIC);
            out.writeBoolean(retained);
            out.writeInt(topicBytes.length);
            out.write(topicBytes);
            out.writeInt(payload.length);
            out.write(payload);
        }
        byte[] record = buffer.toByteArray();
        if (record.length > maxBytes) {
            throw new IOException("a message of " + record.length + " bytes is larger than the alert buffer");
        }
        long sequence = nextSequence++;
        Path temporary = directory.resolve(name(sequence) + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer data = ByteBuffer.wrap(record);
            while (data.hasRemaining()) {
                channel.write(data);
            }
            channel.force(true);
        }
        Files.move(temporary, file(sequence), StandardCopyOption.ATOMIC_MOVE);
        forceDirectory();
        entries.add(new Entry(sequence, record.length));
        bytes += record.length;
        size = entries.size();
        trim();
    }

    /** The oldest message, or null when there is none; a file that cannot be read is dropped. */
    @Nullable
    Alert peek() throws IOException {
        while (!entries.isEmpty()) {
            Entry first = entries.peekFirst();
            try (DataInputStream in = new DataInputStream(Files.newInputStream(file(first.sequence())))) {
                if (in.readInt() != MAGIC) {
                    throw new IOException("not an alert file");
                }
                boolean retained = in.readBoolean();
                String topic = new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
                byte[] payload = in.readNBytes(in.readInt());
                return new Alert(first.sequence(), topic, payload, retained);
            } catch (IOException | RuntimeException damaged) {
                LOG.warn("Dropping the unreadable buffered alert {}: {}", file(first.sequence()), damaged.toString());
                remove(first.sequence());
            }
        }
        return null;
    }

    /** Deletes the message (acknowledged by the broker). */
    void remove(long sequence) throws IOException {
        Entry first = entries.peekFirst();
        if (first == null || first.sequence() != sequence) {
            throw new IllegalStateException("alerts are removed oldest first");
        }
        entries.removeFirst();
        bytes -= first.bytes();
        size = entries.size();
        Files.deleteIfExists(file(sequence));
    }

    int size() {
        return size;
    }

    long bytes() {
        return bytes;
    }

    /** Messages dropped because the buffer was full, since it was opened. */
    long dropped() {
        return dropped;
    }

    List<Long> sequences() {
        return entries.stream().map(Entry::sequence).toList();
    }

    private void trim() throws IOException {
        long before = dropped;
        while (entries.size() > maxCount || bytes > maxBytes) {
            remove(entries.peekFirst().sequence());
            dropped++;
        }
        if (dropped != before) {
            LOG.warn("The MQTT alert buffer is full ({} messages, {} bytes at most): dropped the {} oldest", maxCount,
                    maxBytes, dropped - before);
        }
    }

    private void forceDirectory() {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException notSupported) {
            // Some file systems cannot open a directory; the rename is then as durable as they make it.
        }
    }

    private Path file(long sequence) {
        return directory.resolve(name(sequence) + SUFFIX);
    }

    private static String name(long sequence) {
        return String.format("%019d", sequence);
    }
}
