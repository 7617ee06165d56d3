package zmai.core.energy;

import java.util.Collections;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Every distinct reading ever received for one register, in device order. Accounting the ledger gives the
 * same answer however the readings arrived: late, twice, or out of order.
 */
public final class CounterLedger {

    private final NavigableSet<CounterReading> readings = new TreeSet<>(CounterReading.DEVICE_ORDER);

    /**
     * Records a reading; false when the same (instant, value) is already there, in which case the two
     * copies' evidence is merged ({@link CounterReading#mergedWith}).
     */
    public boolean add(CounterReading reading) {
        CounterReading existing = readings.floor(reading);
        if (existing == null || !existing.sameReadingAs(reading)) {
            return readings.add(reading);
        }
        CounterReading merged = existing.mergedWith(reading);
        if (!merged.equals(existing)) {
            readings.remove(existing);
            readings.add(merged);
        }
        return false;
    }

    public NavigableSet<CounterReading> readings() {
        return Collections.unmodifiableNavigableSet(readings);
    }

    public Accounting account(AccountingPolicy policy) {
        return Accounting.of(policy, readings);
    }
}
