package zmai.meter.sim;

import java.time.Duration;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** The load as a function of the time since the profile was installed in the chip. */
@FunctionalInterface
public interface LoadProfile {

    Load at(Duration sinceStart);

    static LoadProfile constant(Load load) {
        return since -> load;
    }

    /** Piecewise constant: each load holds from its start until the next one's; the first starts at zero. */
    static LoadProfile steps(Map<Duration, Load> loadsByStart) {
        NavigableMap<Duration, Load> steps = new TreeMap<>(loadsByStart);
        if (steps.isEmpty() || !steps.firstKey().isZero()) {
            throw new IllegalArgumentException("a step profile needs a load starting at zero");
        }
        return since -> steps.floorEntry(since.isNegative() ? Duration.ZERO : since).getValue();
    }
}
