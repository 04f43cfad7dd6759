package nightjar.stream.internal;

import java.util.concurrent.atomic.LongAdder;

/** What the viewers of one camera were sent and skipped, across viewers that come and go. */
final class StreamTotals {
    final LongAdder delivered = new LongAdder();
    final LongAdder dropped = new LongAdder();
}
