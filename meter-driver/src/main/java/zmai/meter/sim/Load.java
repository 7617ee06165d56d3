package zmai.meter.sim;

/**
 * What the chip's inputs see at one instant: RMS voltage and current, active power (negative = power flowing
 * back to the grid) and line frequency. Reactive power follows as sqrt((V·I)² − P²), taken as inductive.
 */
public record Load(double volts, double amps, double watts, double hertz) {

    public Load {
        if (volts < 0 || amps < 0 || hertz < 0 || !Double.isFinite(watts)) {
            throw new IllegalArgumentException("impossible load " + volts + " V " + amps + " A " + watts + " W "
                    + hertz + " Hz");
        }
        if (Math.abs(watts) > volts * amps * (1 + 1e-9) + 1e-9) {
            throw new IllegalArgumentException(watts + " W is more than " + volts + " V × " + amps + " A");
        }
    }

    /** A load given by its power factor; a negative power factor means reverse power. */
    public static Load of(double volts, double amps, double powerFactor, double hertz) {
        if (powerFactor < -1 || powerFactor > 1) {
            throw new IllegalArgumentException("power factor " + powerFactor + " is outside -1..1");
        }
        return new Load(volts, amps, volts * amps * powerFactor, hertz);
    }

    /** Mains present, nothing connected (relay open): the current registers still show their noise floor. */
    public static Load idle(double volts, double hertz) {
        return new Load(volts, 0, 0, hertz);
    }

    public double voltAmperes() {
        return volts * amps;
    }

    public double vars() {
        return Math.sqrt(Math.max(0, voltAmperes() * voltAmperes() - watts * watts));
    }
}
