package zmai.core.cli;

import java.util.EnumSet;
import java.util.Set;

import zmai.core.energy.Accounting;
import zmai.core.energy.AccountingPolicy;
import zmai.core.energy.CounterLedger;
import zmai.core.energy.CounterUnit;
import zmai.core.history.HistoryReading;

/** Everything one device's history file said about its energy register. */
final class DeviceHistory {

    private final CounterLedger ledger = new CounterLedger();
    private final Set<CounterUnit> units = EnumSet.noneOf(CounterUnit.class);

    void add(HistoryReading reading) {
        ledger.add(reading.reading());
        units.add(reading.unit());
    }

    /**
     * The register's resolution as its readings show it: 0.1 kWh → 100 000 mWh, kWh → 1 000 mWh, Wh → 1 mWh.
     * Where units are mixed the coarsest wins: the register is no finer than its coarsest reading.
     */
    long quantumMwh() {
        return units.stream().mapToLong(DeviceHistory::quantumMwh).max().orElse(1);
    }

    static long quantumMwh(CounterUnit unit) {
        return switch (unit) {
            case TENTH_KWH -> unit.milliWattHours();
            // kWh and Wh counters are published with three decimals
            case KWH, WH -> unit.milliWattHours() / 1000;
        };
    }

    Accounting account(AccountingPolicy policy) {
        return ledger.account(policy);
    }
}
