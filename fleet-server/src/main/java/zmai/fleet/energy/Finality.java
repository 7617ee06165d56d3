package zmai.fleet.energy;

import zmai.core.energy.TimeRange;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A circuit's month is provisional until a grace period after its local end, so late readings can still land in
 * it; from then on it is final, and whatever still moves its total is recorded as an adjustment.
 */
public record Finality(Duration grace) {

    public Finality {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("the grace period cannot be negative: " + grace);
        }
    }

    public boolean isFinal(TimeRange month, Instant now) {
        return now.isAfter(month.end().plus(grace));
    }
}
