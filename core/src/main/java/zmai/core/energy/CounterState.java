package zmai.core.energy;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the accountant knows about one register after the readings so far. Immutable, so a caller can keep
 * the state before any reading and account a late arrival again from there.
 *
 * @param epoch      counts rewinds and resets; the energy of one epoch is one stretch of counter movement
 * @param levelMwh   the last accepted counter value
 * @param levelSince when {@code levelMwh} was first seen: the change point new energy is spread from
 * @param settled    the last reading that is not held; reboots are judged against it, so that a held
 *                   reading later discarded as a glitch cannot hide a reboot
 * @param pending    a reading held until the next one confirms or contradicts it
 * @param latest     the last reading accounted, whatever was decided about it
 */
public record CounterState(int epoch, long levelMwh, Instant levelSince, CounterReading settled,
                           Optional<Pending> pending, CounterReading latest) {

    /** A reading that is held: a single drop or an implausible jump. */
    public record Pending(CounterReading reading, Direction direction) {
        public enum Direction { LOW, HIGH }
    }

    public CounterState {
        Objects.requireNonNull(levelSince, "levelSince");
        Objects.requireNonNull(settled, "settled");
        Objects.requireNonNull(pending, "pending");
        Objects.requireNonNull(latest, "latest");
    }

    static CounterState baseline(CounterReading first) {
        return new CounterState(0, first.valueMwh(), first.at(), first, Optional.empty(), first);
    }

    /** The same level, seen again. */
    CounterState seen(CounterReading reading) {
        return new CounterState(epoch, levelMwh, levelSince, reading, Optional.empty(), reading);
    }

    /** The held reading is dropped; the level stands. */
    CounterState released() {
        return new CounterState(epoch, levelMwh, levelSince, settled, Optional.empty(), latest);
    }

    CounterState accepted(CounterReading reading) {
        return new CounterState(epoch, reading.valueMwh(), reading.at(), reading, Optional.empty(), reading);
    }

    CounterState newEpochAt(CounterReading reading) {
        return new CounterState(epoch + 1, reading.valueMwh(), reading.at(), reading, Optional.empty(), reading);
    }

    CounterState holding(CounterReading reading, Pending.Direction direction) {
        return new CounterState(epoch, levelMwh, levelSince, settled, Optional.of(new Pending(reading, direction)),
                reading);
    }

    /** The held value came again: keep holding the first sighting, remember the repeat as the latest. */
    CounterState stillHolding(CounterReading repeat) {
        return new CounterState(epoch, levelMwh, levelSince, settled, pending, repeat);
    }
}
