package zmai.core.energy;

import java.util.Arrays;
import java.util.Optional;

/** The unit a meter's energy counter is published in, and its exact size in milli-watt-hours. */
public enum CounterUnit {
    WH("Wh", 1_000),
    KWH("kWh", 1_000_000),
    /** ZMAi-90 / Tuya style counts of 0.1 kWh: 230 kWh arrives as {@code 2300}. */
    TENTH_KWH("0.1kWh", 100_000);

    private final String symbol;
    private final long milliWattHours;

    CounterUnit(String symbol, long milliWattHours) {
        this.symbol = symbol;
        this.milliWattHours = milliWattHours;
    }

    public String symbol() {
        return symbol;
    }

    /** How many mWh one unit is. */
    public long milliWattHours() {
        return milliWattHours;
    }

    /** {@code Wh}, {@code kWh} or {@code 0.1kWh}, exactly as the import contract spells them. */
    public static Optional<CounterUnit> fromSymbol(String symbol) {
        return Arrays.stream(values()).filter(u -> u.symbol.equals(symbol)).findFirst();
    }
}
