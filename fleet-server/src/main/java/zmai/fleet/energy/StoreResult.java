package zmai.fleet.energy;

import java.util.HashSet;
import java.util.Set;

/**
 * What storing a batch of readings changed: how many were new, and the registers with new evidence (a new
 * reading, or a copy that added a reset, a boot count or an uptime). From which instant each must be accounted
 * again is kept in {@code accounting_due}, written in the same transaction.
 */
public record StoreResult(int accepted, int duplicates, Set<ReadingKey> changed) {

    public StoreResult {
        changed = Set.copyOf(changed);
    }

    public static StoreResult empty() {
        return new StoreResult(0, 0, Set.of());
    }

    public StoreResult plus(StoreResult other) {
        Set<ReadingKey> merged = new HashSet<>(changed);
        merged.addAll(other.changed);
        return new StoreResult(accepted + other.accepted, duplicates + other.duplicates, merged);
    }
}
