package zmai.meter.driver;

import java.math.BigDecimal;

/**
 * What {@link EnergyAccumulator} keeps on disk.
 *
 * @param lifetimeMilliWattHours energy counted so far, whole milli-watt-hours
 * @param carryMilliWattHours    the fraction of a milli-watt-hour not yet counted, in [0, 1)
 * @param lastEnergyPulses       EnergyP at the last read, or -1 before the first
 * @param checksum               EMUStatus[15:0] of the chip at that read, or -1 before the first
 */
public record EnergyState(long lifetimeMilliWattHours, BigDecimal carryMilliWattHours, long lastEnergyPulses,
                          int checksum) {

    public EnergyState {
        if (lifetimeMilliWattHours < 0) {
            throw new IllegalArgumentException("lifetime energy cannot be negative");
        }
        if (carryMilliWattHours == null || carryMilliWattHours.signum() < 0 || carryMilliWattHours.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("carry must be in [0, 1) mWh");
        }
        if (lastEnergyPulses < -1 || lastEnergyPulses > EnergyAccumulator.MODULUS - 1) {
            throw new IllegalArgumentException("EnergyP is a 24-bit register");
        }
    }

    public static EnergyState empty() {
        return new EnergyState(0, BigDecimal.ZERO, -1, -1);
    }
}
