package zmai.meter.virtual;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** Test time: moves only when told. */
final class SettableClock implements InstantSource {
    private volatile Instant now;

    SettableClock(Instant start) {
        this.now = start;
    }

    @Override
    public Instant instant() {
        return now;
    }

    Instant advance(Duration by) {
        now = now.plus(by);
        return now;
    }
}
