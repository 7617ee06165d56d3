package zmai.meter.sim;

/**
 * How a board's voltage divider and shunt map volts and amps to register counts at the chip's reset ADC gains
 * (spec §3.1, §8.1). Power counts per watt follow: Ku·Ki/2^15.
 */
public record BoardConstants(double countsPerVolt, double countsPerAmp) {

    /** Spec §4.5 estimates: Ku 8810 LSB/V and Ki chosen so that 1/Kp is 9857 LSB/W. */
    public static final BoardConstants ZMAI_90 = new BoardConstants(8810, 32768.0 * 9857 / 8810);

    public BoardConstants {
        if (!(countsPerVolt > 0) || !(countsPerAmp > 0)) {
            throw new IllegalArgumentException("board constants must be positive");
        }
    }

    public double countsPerWatt() {
        return countsPerVolt * countsPerAmp / 32768;
    }
}
