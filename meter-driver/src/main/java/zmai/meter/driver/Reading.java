package zmai.meter.driver;

import java.time.Instant;

/**
 * One poll of the chip, in physical units.
 *
 * @param powerFactor  P/(V·I) clamped to -1..1; 0 when nothing flows
 * @param energyPulses EnergyP as read: the chip's accumulating 24-bit pulse count
 * @param checksum     EMUStatus[15:0], the chip's checksum of its calibration registers
 * @param reversed     EMUStatus REVP: active power flows backwards
 */
public record Reading(Instant at, double volts, double amps, double watts, double powerFactor, double hertz,
                      long energyPulses, int checksum, boolean reversed) {

    static double powerFactor(double volts, double amps, double watts) {
        double apparent = volts * amps;
        if (!(apparent > 0)) {
            return 0;
        }
        return Math.max(-1, Math.min(1, watts / apparent));
    }
}
