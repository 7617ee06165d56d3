package zmai.meter.driver;

import java.io.IOException;
import java.time.Duration;

/**
 * The vendor calibration (spec §3.4, steps 2): with a known resistive load applied, average the raw registers,
 * derive Ku and Ki (kept on the host) and the chip's power gain GPQA, write them, then measure again and report
 * what error is left. Offsets (APOSA at 5 % Ib, IARMSOS at no load) and the phase (PF 0.5) need other loads and
 * are kept as they are.
 */
public final class Calibrator {

    /** MOKO averages about a dozen reads 100-150 ms apart. */
    static final int SAMPLES = 12;
    static final Duration BETWEEN_SAMPLES = Duration.ofMillis(100);
    /** A few register refreshes (3.5 Hz at worst) after new settings before measuring again. */
    static final Duration SETTLE = Duration.ofMillis(600);
    private static final double GAIN_SCALE = 1 << 15;

    private final Pause pause;

    public Calibrator(Pause pause) {
        this.pause = pause;
    }

    /** Percent errors of the readings against the reference: (reading / reference − 1) × 100. */
    public record Residuals(double voltsPercent, double ampsPercent, double wattsPercent) {
        public double worstPercent() {
            return Math.max(Math.abs(voltsPercent), Math.max(Math.abs(ampsPercent), Math.abs(wattsPercent)));
        }
    }

    /** The new calibration, written to the chip, and the errors before and after. */
    public record Result(Calibration calibration, Residuals before, Residuals after) {
    }

    /** The load must be on and resistive (PF ≈ 1, e.g. an incandescent bulb); the driver must be initialised. */
    public Result calibrate(Rn8209Driver driver, double referenceVolts, double referenceAmps, double referenceWatts)
            throws ChipException, IOException, InterruptedException {
        if (!(referenceVolts > 0) || !(referenceAmps > 0) || !(referenceWatts > 0)) {
            throw new IllegalArgumentException("reference voltage, current and power must be positive");
        }
        Calibration old = driver.calibration();
        Average measured = measure(driver);
        Residuals before = residuals(old, measured, referenceVolts, referenceAmps, referenceWatts);
        if (measured.urms() <= 0 || measured.iarms() <= 0 || measured.powerPa() <= 0) {
            throw new IllegalStateException("no load measured (URMS " + measured.urms() + ", IARMS " + measured.iarms()
                    + ", PowerPA " + measured.powerPa() + "): connect the reference load first");
        }
        double voltsLsb = measured.urms() / referenceVolts;
        double ampsLsb = measured.iarms() / referenceAmps;
        // PowerPA already carries (1 + GPQA/2^15); the new gain replaces that factor with the one hitting the target
        double wanted = referenceWatts * old.wattsLsb();
        double factor = (1 + old.gpqa() / GAIN_SCALE) * wanted / measured.powerPa();
        long gpqa = Math.round((factor - 1) * GAIN_SCALE);
        if (gpqa < Short.MIN_VALUE || gpqa > Short.MAX_VALUE) {
            throw new IllegalStateException(String.format("power is off by %.1f %%: beyond what GPQA can correct;"
                    + " check the reference values and 1/Kp", (measured.powerPa() / wanted - 1) * 100));
        }
        Calibration calibrated = old.withGains(voltsLsb, ampsLsb, (int) gpqa);
        driver.initialise(calibrated);
        pause.pause(SETTLE);
        Residuals after = residuals(calibrated, measure(driver), referenceVolts, referenceAmps, referenceWatts);
        return new Result(calibrated, before, after);
    }

    private record Average(double urms, double iarms, double powerPa) {
    }

    private Average measure(Rn8209Driver driver) throws ChipException, IOException, InterruptedException {
        double urms = 0;
        double iarms = 0;
        double power = 0;
        for (int i = 0; i < SAMPLES; i++) {
            if (i > 0) {
                pause.pause(BETWEEN_SAMPLES);
            }
            Rn8209Driver.RawSample sample = driver.readRaw();
            urms += sample.urms();
            iarms += sample.iarms();
            power += sample.powerPa();
        }
        return new Average(urms / SAMPLES, iarms / SAMPLES, power / SAMPLES);
    }

    private static Residuals residuals(Calibration c, Average a, double volts, double amps, double watts) {
        return new Residuals(percent(a.urms() / c.voltsLsb(), volts), percent(a.iarms() / c.ampsLsb(), amps),
                percent(a.powerPa() / c.wattsLsb(), watts));
    }

    private static double percent(double reading, double reference) {
        return (reading / reference - 1) * 100;
    }
}
