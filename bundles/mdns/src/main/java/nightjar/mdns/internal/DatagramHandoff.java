package nightjar.mdns.internal;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import nightjar.tasks.SummarisedLog;
import nightjar.tasks.TaskClock;

/**
 * Hands each datagram from the receiving thread to the clock's thread, where the responder reads it.
 * At most {@link #MAX_WAITING} wait there: a flood is dropped at the door instead of queueing without
 * limit (mDNS senders repeat what matters, so a dropped query is asked again).
 */
final class DatagramHandoff implements BiConsumer<byte[], InetSocketAddress> {
    static final int MAX_WAITING = 32;

    private final TaskClock clock;
    private final BiConsumer<byte[], InetSocketAddress> handler;
    private final AtomicInteger waiting = new AtomicInteger();
    private final SummarisedLog dropped;

    DatagramHandoff(TaskClock clock, BiConsumer<byte[], InetSocketAddress> handler, LongSupplier nanos, Consumer<String> log) {
        this.clock = clock;
        this.handler = handler;
        this.dropped = new SummarisedLog("mDNS datagrams dropped (too many waiting)", nanos, log);
    }

    /** On the receiving thread. */
    @Override
    public void accept(byte[] datagram, InetSocketAddress source) {
        if (waiting.incrementAndGet() > MAX_WAITING) {
            waiting.decrementAndGet();
            dropped.event("mDNS: dropped a datagram from " + source.getAddress().getHostAddress() + ": " + MAX_WAITING
                    + " are waiting to be read");
            return;
        }
        try {
            clock.execute(() -> {
                try {
                    handler.accept(datagram, source);
                } finally {
                    waiting.decrementAndGet();
                }
            });
        } catch (RuntimeException e) {
            waiting.decrementAndGet(); // the clock is stopping
            throw e;
        }
    }
}
