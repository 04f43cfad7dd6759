package nightjar.mdns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import nightjar.tasks.testing.ManualTaskClock;

class DatagramHandoffTest {
    private static final InetSocketAddress SENDER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5353);

    private final ManualTaskClock clock = new ManualTaskClock(Instant.parse("2026-12-05T08:00:00Z"));
    private final List<byte[]> handled = new ArrayList<>();
    private final List<String> logged = new ArrayList<>();
    private final DatagramHandoff handoff = new DatagramHandoff(clock, (datagram, source) -> handled.add(datagram),
            () -> 0L, logged::add);

    @Test
    void aFloodWaitsAtMost32DatagramsAndTheRestAreDropped() {
        for (int i = 0; i < 10_000; i++) {
            handoff.accept(new byte[] {(byte) i}, SENDER);
        }

        assertEquals(DatagramHandoff.MAX_WAITING, clock.pending());
        clock.runDue();
        assertEquals(DatagramHandoff.MAX_WAITING, handled.size());
        assertEquals(1, logged.size(), "one line for the drops: " + logged);

        handoff.accept(new byte[] {1}, SENDER);
        clock.runDue();
        assertEquals(DatagramHandoff.MAX_WAITING + 1, handled.size(), "once handled, there is room again");
    }

    @Test
    void aDatagramWhoseHandlingFailsStillFreesItsPlace() {
        DatagramHandoff failing = new DatagramHandoff(clock, (datagram, source) -> {
            throw new IllegalStateException("broken");
        }, () -> 0L, logged::add);
        for (int i = 0; i < DatagramHandoff.MAX_WAITING; i++) {
            failing.accept(new byte[] {1}, SENDER);
        }
        for (int i = 0; i < DatagramHandoff.MAX_WAITING; i++) {
            try {
                clock.runNext();
            } catch (IllegalStateException expected) {
                // ManualTaskClock hands the failure to the test; the scheduler would log it
            }
        }
        failing.accept(new byte[] {1}, SENDER);
        assertEquals(1, clock.pending());
    }
}
