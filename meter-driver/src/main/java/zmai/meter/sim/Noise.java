package zmai.meter.sim;

/**
 * Gaussian measurement noise (spec §5.3), drawn from the chip's seed once per register refresh.
 *
 * @param currentCounts    σ of the current noise in IARMS counts; it adds in quadrature, so an idle
 *                         input reads a few hundred counts
 * @param voltageRelative  σ of the voltage noise relative to the reading
 * @param powerCounts      σ of the zero-mean active-power noise in PowerPA counts
 */
public record Noise(double currentCounts, double voltageRelative, double powerCounts) {

    public static final Noise NONE = new Noise(0, 0, 0);
    /** σ 300 counts of current, 0.025 % of voltage (≈ ±0.05 % at 2σ), 200 counts of power. */
    public static final Noise TYPICAL = new Noise(300, 0.00025, 200);

    public Noise {
        if (currentCounts < 0 || voltageRelative < 0 || powerCounts < 0) {
            throw new IllegalArgumentException("noise cannot be negative");
        }
    }
}
