package zmai.meter.virtual;

import java.time.Instant;

/** What the appliances behind a meter draw, before the relay. Deterministic in {@code now}. */
public interface LoadProfile {

    LoadSample at(Instant now);

    /** Real power and power factor of the load at one instant. */
    record LoadSample(double watts, double powerFactor) {
        public LoadSample {
            if (watts < 0 || powerFactor <= 0 || powerFactor > 1) {
                throw new IllegalArgumentException("load needs watts >= 0 and 0 < pf <= 1: " + watts + " W, pf "
                        + powerFactor);
            }
        }
    }

    static LoadProfile constant(double watts, double powerFactor) {
        LoadSample sample = new LoadSample(watts, powerFactor);
        return now -> sample;
    }
}
