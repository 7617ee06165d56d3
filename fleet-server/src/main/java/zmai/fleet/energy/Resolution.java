package zmai.fleet.energy;

import zmai.core.energy.CounterUnit;

/** A counter's resolution when the device has not declared one: what its unit suggests. */
final class Resolution {

    private Resolution() {
    }

    /** 0.1 kWh counts step by 100 Wh; Wh and kWh counters are taken at their finest, 1 mWh. */
    static long defaultQuantumMwh(CounterUnit unit) {
        return unit == CounterUnit.TENTH_KWH ? CounterUnit.TENTH_KWH.milliWattHours() : 1;
    }
}
