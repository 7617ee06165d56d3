package zmai.core.energy;

import java.time.Duration;

/**
 * The limits the accountant judges one counter register by.
 *
 * @param maxPowerWatts the most power the metered circuit can draw (breaker or meter rating); an increase
 *                      faster than this, with a 20 % margin, is held until the next reading confirms it
 * @param quantumMwh    the register's resolution: 100 000 mWh for a 0.1 kWh counter, 1 mWh for OpenBeken's
 *                      three-decimal Wh counter
 */
public record AccountingPolicy(long maxPowerWatts, long quantumMwh) {

    /** 63 A × 250 V, rounded: the largest single-phase circuit a ZMAi-90 is sold for. */
    public static final long DEFAULT_MAX_POWER_WATTS = 16_000;
    public static final long MAX_POWER_CEILING_WATTS = 100_000;
    /** A reboot may lose at most this much unsaved energy, or two quanta, whichever is larger. */
    public static final long MIN_REWIND_TOLERANCE_MWH = 200_000;

    public AccountingPolicy {
        if (maxPowerWatts <= 0 || maxPowerWatts >= MAX_POWER_CEILING_WATTS) {
            throw new IllegalArgumentException("maximum power must be above 0 W and below "
                    + MAX_POWER_CEILING_WATTS + " W, not " + maxPowerWatts + " W");
        }
        if (quantumMwh <= 0) {
            throw new IllegalArgumentException("counter quantum must be positive, not " + quantumMwh + " mWh");
        }
    }

    public static AccountingPolicy forQuantum(long quantumMwh) {
        return new AccountingPolicy(DEFAULT_MAX_POWER_WATTS, quantumMwh);
    }

    /** The largest drop after a reboot that is a rewind of unsaved energy rather than a reset. */
    public long rewindToleranceMwh() {
        return Math.max(MIN_REWIND_TOLERANCE_MWH, Math.multiplyExact(2, quantumMwh));
    }

    /** The largest increase that is plausible after {@code elapsed}: Pmax × elapsed × 1.2 + one quantum. */
    public long plausibleIncreaseMwh(Duration elapsed) {
        long millis = Math.max(0, elapsed.toMillis());
        // W × ms / 3600 = mWh; × 12 / 10 is the 20 % margin
        long energy = saturatingMultiply(saturatingMultiply(maxPowerWatts, millis), 12) / 36_000;
        return energy > Long.MAX_VALUE - quantumMwh ? Long.MAX_VALUE : energy + quantumMwh;
    }

    private static long saturatingMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high != 0 || low < 0 ? Long.MAX_VALUE : low;
    }
}
