package zmai.meter.virtual;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A household-like day: a base load, a morning and a larger evening peak, and a per-minute wobble derived from
 * the seed and the minute itself, so the value at an instant does not depend on how often it is asked.
 */
public record DayCurveLoad(double baseWatts, double peakWatts, double powerFactor, long seed, ZoneOffset offset)
        implements LoadProfile {

    @Override
    public LoadSample at(Instant now) {
        double hour = now.atOffset(offset).toLocalTime().toSecondOfDay() / 3600.0;
        double shape = 0.35 * bump(hour, 7.5, 1.2) + bump(hour, 19.5, 2.0);
        long minute = Math.floorDiv(now.getEpochSecond(), 60);
        double wobble = 1 + 0.15 * (unitNoise(seed, minute) * 2 - 1);
        double watts = Math.max(0, (baseWatts + (peakWatts - baseWatts) * shape) * wobble);
        return new LoadSample(watts, powerFactor);
    }

    private static double bump(double hour, double centre, double width) {
        double d = (hour - centre) / width;
        return Math.exp(-d * d);
    }

    // SplitMix64 finaliser: a stateless hash of (seed, minute) into [0, 1)
    static double unitNoise(long seed, long index) {
        long z = seed + index * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
