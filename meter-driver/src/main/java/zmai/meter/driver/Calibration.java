package zmai.meter.driver;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * How raw RN8209C registers become volts, amps and watts on one board, and what the chip's calibration
 * registers hold. Constants apply at the chip's reset ADC gains, which the driver keeps (spec §8.1).
 *
 * @param voltsLsb               Ku: URMS counts per volt
 * @param ampsLsb                Ki: IARMS counts per ampere
 * @param wattsLsb               1/Kp: PowerPA counts per watt, after the chip's GPQA correction
 * @param hfConst                HFConst: PowerPA·s per energy pulse, scaled (spec §3.3)
 * @param pStart                 PStart: creep threshold, compared with |PowerPA|/256
 * @param gpqa                   channel A power gain, P_out = P_in·(1 + GPQA/2^15)
 * @param aposa                  channel A active power offset, PowerPA counts
 * @param iarmsos                channel A RMS current offset, squared domain /256
 * @param phsa                   channel A phase correction, ≈0.02° per count
 * @param milliWattHoursPerPulse energy of one EnergyP count
 */
public record Calibration(double voltsLsb, double ampsLsb, double wattsLsb, int hfConst, int pStart, int gpqa, int aposa,
                          int iarmsos, int phsa, BigDecimal milliWattHoursPerPulse) {

    /** RN8209C system clock. */
    public static final long CLKIN_HZ = 3_579_545;
    /** The chip adds PowerPA·CLKIN/2^34 per second to PFCnt and emits a pulse per HFConst (spec §8.8). */
    private static final BigDecimal TWO_TO_34 = BigDecimal.valueOf(1L << 34);
    private static final MathContext PRECISION = MathContext.DECIMAL64;

    public Calibration {
        if (!(voltsLsb > 0) || !(ampsLsb > 0) || !(wattsLsb > 0)) {
            throw new IllegalArgumentException("Ku, Ki and 1/Kp must be positive");
        }
        checkRange("HFConst", hfConst, 1, 0xFFFF);
        checkRange("PStart", pStart, 0, 0xFFFF);
        checkRange("GPQA", gpqa, Short.MIN_VALUE, Short.MAX_VALUE);
        checkRange("APOSA", aposa, Short.MIN_VALUE, Short.MAX_VALUE);
        checkRange("IARMSOS", iarmsos, Short.MIN_VALUE, Short.MAX_VALUE);
        checkRange("PhsA", phsa, Byte.MIN_VALUE, Byte.MAX_VALUE);
        if (milliWattHoursPerPulse == null || milliWattHoursPerPulse.signum() <= 0) {
            throw new IllegalArgumentException("energy per pulse must be positive");
        }
    }

    /** The working ZMAi-90 estimates of spec §4.5 with the chip's reset registers: Ku 8810, Ki 36660, 1/Kp 9857. */
    public static Calibration defaults() {
        return of(8810, 36_660, 9857, 0x1000);
    }

    /** Register values at reset, energy per pulse derived from 1/Kp and HFConst. */
    public static Calibration of(double voltsLsb, double ampsLsb, double wattsLsb, int hfConst) {
        return new Calibration(voltsLsb, ampsLsb, wattsLsb, hfConst, 0x0060, 0, 0, 0, 0,
                milliWattHoursPerPulse(wattsLsb, hfConst));
    }

    /**
     * One pulse = HFConst·2^34/CLKIN PowerPA-seconds; divided by 1/Kp that is joules, by 3.6 milli-watt-hours.
     * About 554 mWh at the reset HFConst with 1/Kp = 9857.
     */
    public static BigDecimal milliWattHoursPerPulse(double wattsLsb, int hfConst) {
        BigDecimal joules = TWO_TO_34.multiply(BigDecimal.valueOf(hfConst))
                .divide(BigDecimal.valueOf(CLKIN_HZ).multiply(BigDecimal.valueOf(wattsLsb)), PRECISION);
        return joules.divide(BigDecimal.valueOf(36, 1), PRECISION);
    }

    public Calibration withGains(double voltsLsb, double ampsLsb, int gpqa) {
        return new Calibration(voltsLsb, ampsLsb, wattsLsb, hfConst, pStart, gpqa, aposa, iarmsos, phsa,
                milliWattHoursPerPulse);
    }

    public double volts(long urms) {
        return urms / voltsLsb;
    }

    public double amps(long iarms) {
        return iarms / ampsLsb;
    }

    public double watts(long powerPa) {
        return powerPa / wattsLsb;
    }

    private static void checkRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " " + value + " is outside " + min + ".." + max);
        }
    }
}
