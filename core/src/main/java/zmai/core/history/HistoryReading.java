package zmai.core.history;

import java.util.Objects;

import zmai.core.energy.CounterReading;
import zmai.core.energy.CounterUnit;

/**
 * One reading of a device's energy register, imported or received live.
 *
 * @param unit    the unit the value was written in; the reading itself is already exact mWh
 * @param reading the value, instant, boot counter and reset flag as the accountant takes them
 */
public record HistoryReading(String device, String register, CounterUnit unit, CounterReading reading) {

    public HistoryReading {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(register, "register");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(reading, "reading");
    }
}
