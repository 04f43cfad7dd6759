package nightjar.camera.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves on by a fixed step each time it is read, as a camera's frames do. */
final class SteppingClock extends Clock {
    private final Duration step;
    private Instant next;

    SteppingClock(Instant first, Duration step) {
        this.next = first;
        this.step = step;
    }

    @Override
    public Instant instant() {
        Instant now = next;
        next = next.plus(step);
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a stepping clock is in UTC");
    }
}
