package zmai.core.energy;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the accountant knows about one register after the readings so far. Immutable, so a caller can keep
 * the state before any reading and account a late arrival again from there.
 *
 * @param epoch       counts rewinds and resets; energy of one epoch is one stretch of counter movement
 * @param levelMwh    the last accepted counter value
 * @param levelSince  when {@code levelMwh} was first seen: the change point new energy is spread from
 * @param last        the last reading accounted, whatever was decided about it
 * @param pending     a reading held until the next one confirms or contradicts it
 */
public record CounterState(int epoch, long levelMwh, Instant levelSince, CounterReading last,
                           Optional<Pending> pending) {

    /** A reading that is held: a single drop or an implausible jump. */
    public record Pending(CounterReading reading, Direction direction) {
        public enum Direction { LOW, HIGH }
    }

    public CounterState {
        Objects.requireNonNull(levelSince, "levelSince");
        Objects.requireNonNull(last, "last");
        Objects.requireNonNull(pending, "pending");
    }

    static CounterState baseline(CounterReading first) {
        return new CounterState(0, first.valueMwh(), first.at(), first, Optional.empty());
    }

    CounterState seen(CounterReading reading) {
        return new CounterState(epoch, levelMwh, levelSince, reading, Optional.empty());
    }

    CounterState released() {
        return new CounterState(epoch, levelMwh, levelSince, last, Optional.empty());
    }

    CounterState accepted(CounterReading reading) {
        return new CounterState(epoch, reading.valueMwh(), reading.at(), reading, Optional.empty());
    }

    CounterState newEpochAt(CounterReading reading) {
        return new CounterState(epoch + 1, reading.valueMwh(), reading.at(), reading, Optional.empty());
    }

    /** The held reading came again: keep holding it, remember the newer copy as the last one seen. */
    CounterState stillHolding(CounterReading repeat) {
        return new CounterState(epoch, levelMwh, levelSince, repeat, pending);
    }

    CounterState holding(CounterReading reading, Pending.Direction direction) {
        return new CounterState(epoch, levelMwh, levelSince, reading, Optional.of(new Pending(reading, direction)));
    }
}
