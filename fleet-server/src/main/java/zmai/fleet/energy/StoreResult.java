package zmai.fleet.energy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What storing a batch of readings changed: how many were new, and per register the earliest instant whose
 * evidence is new (a new reading, or a copy that added a reset or a boot count), from which it must be accounted
 * again.
 */
public record StoreResult(int accepted, int duplicates, Map<ReadingKey, Instant> changedFrom) {

    public StoreResult {
        changedFrom = Map.copyOf(changedFrom);
    }

    public static StoreResult empty() {
        return new StoreResult(0, 0, Map.of());
    }

    public StoreResult plus(StoreResult other) {
        Map<ReadingKey, Instant> merged = new HashMap<>(changedFrom);
        other.changedFrom.forEach((key, at) -> merged.merge(key, at, (a, b) -> a.isBefore(b) ? a : b));
        return new StoreResult(accepted + other.accepted, duplicates + other.duplicates, merged);
    }
}
