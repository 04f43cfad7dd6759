package nightjar.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertQueueTest {
    @TempDir
    Path directory;

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void messagesComeBackInOrderAfterAReopenAndGoWhenRemoved() throws IOException {
        AlertQueue queue = new AlertQueue(directory, 10, 1 << 20);
        queue.add("a/event", text("one"), false);
        queue.add("a/snapshot", new byte[] {(byte) 0xff, (byte) 0xd8, 0}, true);
        queue.add("a/event", text("three"), false);
        // What a crash in the middle of a write leaves: never accepted, so never delivered.
        Files.writeString(directory.resolve("0000000000000000004.tmp"), "half");

        AlertQueue reopened = new AlertQueue(directory, 10, 1 << 20);
        assertEquals(3, reopened.size());
        AlertQueue.Alert first = reopened.peek();
        assertEquals("a/event", first.topic());
        assertEquals("one", new String(first.payload(), StandardCharsets.UTF_8));
        reopened.remove(first.sequence());
        AlertQueue.Alert second = reopened.peek();
        assertTrue(second.retained());
        assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xd8, 0}, second.payload());
        reopened.remove(second.sequence());
        reopened.add("a/event", text("four"), false);
        assertEquals("three", new String(reopened.peek().payload(), StandardCharsets.UTF_8));
        reopened.remove(reopened.peek().sequence());
        assertEquals("four", new String(reopened.peek().payload(), StandardCharsets.UTF_8));
        assertEquals(1, Files.list(directory).count(), "only the undelivered message is on disk");
        assertThrows(IllegalStateException.class, () -> reopened.remove(1), "oldest first");
    }

    @Test
    void theBufferIsBoundedByCountAndBytesDroppingTheOldest() throws IOException {
        AlertQueue byCount = new AlertQueue(directory.resolve("count"), 3, 1 << 20);
        for (int i = 1; i <= 5; i++) {
            byCount.add("t", text("m" + i), false);
        }
        assertEquals(3, byCount.size());
        assertEquals(2, byCount.dropped());
        assertEquals("m3", new String(byCount.peek().payload(), StandardCharsets.UTF_8));

        AlertQueue byBytes = new AlertQueue(directory.resolve("bytes"), 100, 300);
        for (int i = 1; i <= 5; i++) {
            byBytes.add("t", new byte[100], false);
        }
        assertTrue(byBytes.bytes() <= 300, byBytes.bytes() + " bytes");
        assertEquals(2, byBytes.size());
        assertEquals(List.of(4L, 5L), byBytes.sequences());
        assertThrows(IOException.class, () -> byBytes.add("t", new byte[400], false), "larger than the buffer");
    }

    @Test
    void aDamagedFileIsDroppedNotDeliveredAndNotAStop() throws IOException {
        AlertQueue queue = new AlertQueue(directory, 10, 1 << 20);
        queue.add("t", text("damaged"), false);
        queue.add("t", text("fine"), false);
        Files.write(directory.resolve("0000000000000000001.msg"), new byte[] {1, 2, 3});
        assertEquals("fine", new String(queue.peek().payload(), StandardCharsets.UTF_8));
        queue.remove(queue.peek().sequence());
        assertNull(queue.peek());
    }
}
