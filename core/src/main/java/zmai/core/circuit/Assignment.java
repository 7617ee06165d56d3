package zmai.core.circuit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import zmai.core.energy.TimeRange;

/**
 * A meter measuring a circuit during {@code [from, to)}; an empty {@code to} means "until further notice".
 * A swap closes one assignment and opens another; the time between is unmetered.
 */
public record Assignment(String meterId, String circuitId, Instant from, Optional<Instant> to) {

    public Assignment {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(circuitId, "circuitId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isPresent() && !to.get().isAfter(from)) {
            throw new IllegalArgumentException("assignment of " + meterId + " to " + circuitId + " ends at "
                    + to.get() + ", not after its start " + from);
        }
    }

    public static Assignment openEnded(String meterId, String circuitId, Instant from) {
        return new Assignment(meterId, circuitId, from, Optional.empty());
    }

    public static Assignment between(String meterId, String circuitId, Instant from, Instant to) {
        return new Assignment(meterId, circuitId, from, Optional.of(to));
    }

    public boolean activeAt(Instant instant) {
        return !instant.isBefore(from) && to.map(instant::isBefore).orElse(true);
    }

    public boolean overlaps(Assignment other) {
        return from.isBefore(other.to.orElse(Instant.MAX)) && other.from.isBefore(to.orElse(Instant.MAX));
    }

    /** The part of {@code range} this assignment covers. */
    public Optional<TimeRange> within(TimeRange range) {
        return new TimeRange(from, to.orElse(Instant.MAX)).intersection(range);
    }
}
