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

    /** Records a reading; false when the same (instant, value) is already there. */
    public boolean add(CounterReading reading) {
        return readings.add(reading);
    }

    public NavigableSet<CounterReading> readings() {
        return Collections.unmodifiableNavigableSet(readings);
    }

    public Accounting account(AccountingPolicy policy) {
        return Accounting.of(policy, readings);
    }
}
